// The canonical JSON of the trace lives with the engine (its journal uses it too): one home.
export { canonicalJson, canonicalTree } from '../../engine/observe/canonical-json.js'
