// A module's worker thread starts here: TypeScript modules need tsx's loader in this thread too.
import { register } from 'tsx/esm/api'

register()
await import('./module-worker.ts')
