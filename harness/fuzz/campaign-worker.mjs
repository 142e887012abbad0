// A fuzz worker thread starts here: the sources are TypeScript, so tsx's loader is registered
// in this thread too (as engine/isolation/module-worker.mjs does).
import { register } from 'tsx/esm/api'

register()
await import('./campaign-worker.ts')
