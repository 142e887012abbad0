// `clock`: the engine's clock, so a module's notion of now is virtual under the harness.
import type { Clock } from '../clock/clock.js'
import type { ClockHost } from '../module-api/host.js'

export function createClockHost(clock: Clock): ClockHost {
  return { nowMs: () => clock.now() }
}
