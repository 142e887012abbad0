// ethflow-watcher takes no `[config]` keys: any key given to it is a mistake the engine refuses at boot.
import type { ModuleConfigSchema } from '../sdk/index.js'

export const configSchema: ModuleConfigSchema = {}
