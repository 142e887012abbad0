// A scenario lane's worker thread starts here when running from the sources: tsx's loader is
// registered in this thread too (as engine/isolation/module-worker.mjs does).
import { register } from 'tsx/esm/api'

register()
await import('./scenario-lane.ts')
