// stop-loss: the module's entry (init / onEvent). Settings are kept per module name, so two
// instances under different names do not share them; a failed init leaves none, and onEvent is
// then a silent no-op, as in the seed.
import type { ModuleConfig, ModuleEvent, ModuleHost } from '../sdk/index.js'
import { HostError } from '../sdk/index.js'
import { type StopLossSettings, initLine, parseStopLossConfig } from './config.js'
import { InvalidConfigError } from './config-values.js'
import { onBlock } from './strategy.js'

export const MODULE = 'stop-loss'

const settingsByModule = new Map<string, StopLossSettings>()

export async function init(config: ModuleConfig, host: ModuleHost): Promise<void> {
  settingsByModule.delete(host.moduleName)
  let settings: StopLossSettings
  try {
    settings = parseStopLossConfig(config)
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      throw new HostError({ domain: MODULE, kind: 'invalid-input', code: 0, message: `${MODULE}: invalid [config]: ${error.detail}` })
    }
    throw error
  }
  host.logging.log('info', initLine(settings))
  settingsByModule.set(host.moduleName, settings)
}

export async function onEvent(event: ModuleEvent, host: ModuleHost): Promise<void> {
  const settings = settingsByModule.get(host.moduleName)
  if (settings === undefined || event.kind !== 'block') return
  await onBlock(host, event.block, settings)
}
