import type { LogLevel } from '../module-api/host.js'
import type { LogEvent, Telemetry } from './telemetry.js'

export type LogFields = Record<string, string | number | boolean | undefined>

/** The engine's own log lines. Message strings are the Rust engine's, verbatim; context goes in fields. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void
  trace(message: string, fields?: LogFields): void
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

export function createLogger(telemetry: Telemetry): Logger {
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    const event: LogEvent = { type: 'log', level, target: 'engine', message }
    const clean = fields && compact(fields)
    if (clean) event.fields = clean
    telemetry.emit(event)
  }
  return {
    log,
    trace: (m, f) => log('trace', m, f),
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  }
}

function compact(fields: LogFields): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {}
  let any = false
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    out[k] = v
    any = true
  }
  return any ? out : undefined
}
