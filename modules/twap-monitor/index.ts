// twap-monitor: the module's entry (init / onEvent). Config is ignored, as in the Rust engine; logs
// index watches, blocks poll them.
import type { ModuleConfig, ModuleEvent, ModuleHost } from '../sdk/index.js'
import { indexConditionalOrders } from './index-conditional-orders.js'
import { onBlock } from './strategy.js'

export const MODULE = 'twap-monitor'

export async function init(_config: ModuleConfig, host: ModuleHost): Promise<void> {
  host.logging.log('info', `${MODULE} init`)
}

export async function onEvent(event: ModuleEvent, host: ModuleHost): Promise<void> {
  if (event.kind === 'block') await onBlock(host, event.block)
  else await indexConditionalOrders(host, event.logs)
}
