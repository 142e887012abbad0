// A module run in the engine's thread: a call is a promise raced against its deadline. Fast,
// but a CPU loop blocks the engine and an escaping exception is the process's (decision 0024).
import type { Clock } from '../clock/clock.js'
import type { ModuleHost } from '../module-api/host.js'
import type { EngineModule } from '../module-api/module.js'
import { callModule } from '../supervisor/call-outcome.js'
import type { ModuleRunner } from './module-runner.js'

export function inProcessRunner(name: string, code: EngineModule, host: ModuleHost, clock: Clock): ModuleRunner {
  return {
    init: (config, deadlineMs) => callModule(clock, deadlineMs, `init ${name}`, () => code.init(config, host)),
    onEvent: (event, deadlineMs) => callModule(clock, deadlineMs, `dispatch ${name}`, () => code.onEvent(event, host)),
    computing: () => false,
    stop: async () => {},
  }
}
