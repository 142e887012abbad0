// balance-tracker: the module's entry (init / onEvent), the SDK's settingsModule: settings are kept per module
// name, so two instances under different names do not share them; a failed init leaves none, and
// onEvent is then a silent no-op, as in the Rust engine.
import { settingsModule } from '../sdk/index.js'
import { initLine, parseBalanceTrackerConfig } from './config.js'
import { onBlock } from './strategy.js'

export const MODULE = 'balance-tracker'

export const { init, onEvent } = settingsModule({
  name: MODULE,
  parseConfig: parseBalanceTrackerConfig,
  initLine,
  onBlock,
})
