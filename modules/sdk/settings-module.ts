// The entry (init / onEvent) of a block-driven module whose `[config]` parses into settings, as the
// Rust engine's M3 modules had it (docs/decisions/0082-m3-module-config-and-instances.md): settings are
// kept per module name, so two instances under different names do not share them; init forgets
// the old settings first, so a failed (re-)init leaves none and onEvent is then a silent no-op;
// log events are ignored.
import type { Block, EngineModule, ModuleConfig, ModuleEvent, ModuleHost } from '../../engine/module-api/index.js'
import { HostError } from '../../engine/module-api/index.js'
import { InvalidConfigError } from './config-values.js'

export interface SettingsModuleSpec<S> {
  /** The module's own name (not the instance's): the HostError domain and the message prefix. */
  name: string
  /** Throws InvalidConfigError for a bad `[config]`; anything else it throws is a trap. */
  parseConfig(config: ModuleConfig): S
  /** Logged at info once the config has parsed. */
  initLine(settings: S): string
  onBlock(host: ModuleHost, block: Block, settings: S): Promise<void>
}

export function settingsModule<S>(spec: SettingsModuleSpec<S>): EngineModule {
  const settingsByModule = new Map<string, S>()
  return {
    async init(config: ModuleConfig, host: ModuleHost): Promise<void> {
      settingsByModule.delete(host.moduleName)
      let settings: S
      try {
        settings = spec.parseConfig(config)
      } catch (error) {
        if (error instanceof InvalidConfigError) {
          throw new HostError({
            domain: spec.name,
            kind: 'invalid-input',
            code: 0,
            message: `${spec.name}: invalid [config]: ${error.detail}`,
          })
        }
        throw error
      }
      host.logging.log('info', spec.initLine(settings))
      settingsByModule.set(host.moduleName, settings)
    },

    async onEvent(event: ModuleEvent, host: ModuleHost): Promise<void> {
      const settings = settingsByModule.get(host.moduleName)
      if (settings === undefined || event.kind !== 'block') return
      await spec.onBlock(host, event.block, settings)
    },
  }
}
