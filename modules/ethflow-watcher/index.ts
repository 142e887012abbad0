// ethflow-watcher: the module's entry (init / onEvent). Config is ignored; only logs matter (the
// manifest subscribes to no blocks).
import type { ModuleConfig, ModuleEvent, ModuleHost } from '../sdk/index.js'
import { onLogs } from './strategy.js'

export const MODULE = 'ethflow-watcher'

export async function init(_config: ModuleConfig, host: ModuleHost): Promise<void> {
  host.logging.log('info', `${MODULE} init`)
}

export async function onEvent(event: ModuleEvent, host: ModuleHost): Promise<void> {
  if (event.kind === 'logs') await onLogs(host, event.logs)
}
