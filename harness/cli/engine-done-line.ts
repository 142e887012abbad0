// The `done reason=… code=…` line for the exits the command decides itself (a usage error, a
// config that does not load, a world that cannot be built, a crash), in the engine's own log
// format, so an operator greps one line for every way out (docs/runbooks).
import { formatLogLine } from '../../engine/live/console-telemetry.js'

export type CommandExitReason = 'usage' | 'boot-failed' | 'crashed' | 'signal' | 'second-signal'

export function doneLine(reason: CommandExitReason, code: number, nowMs: number = Date.now()): string {
  return formatLogLine(
    {
      type: 'log',
      level: reason === 'usage' || reason === 'signal' ? 'info' : 'error',
      target: 'engine',
      message: 'done',
      fields: { reason, code },
    },
    nowMs,
  )
}
