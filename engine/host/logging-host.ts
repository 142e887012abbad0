// `logging`: a module's line becomes a `log` event with target `module`, message verbatim.
import type { LoggingHost } from '../module-api/host.js'
import type { Telemetry } from '../observe/telemetry.js'

export function createLoggingHost(telemetry: Telemetry, moduleName: string): LoggingHost {
  return {
    log(level, message) {
      telemetry.emit({ type: 'log', level, target: 'module', module: moduleName, message })
    },
  }
}
