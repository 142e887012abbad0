// The live engine's console: log events as human lines in the Rust engine's tracing `fmt` style,
//   2026-11-27T14:00:00.000Z  INFO nexum_engine: supervisor ready modules=3 chains=1
//   2026-11-27T14:00:12.000Z  WARN module{module=stop-loss}: stop-loss retry on next block
// Other telemetry events are not printed. This is the one place in engine/ that formats the
// wall clock, and it gets `now` injected. Any URL in a line is cut to its scheme, host and port
// (API keys), and control characters from the world are escaped: a line stays one line.
import type { LogLevel } from '../module-api/host.js'
import type { LogEvent, Telemetry } from '../observe/telemetry.js'
import { redactUrls } from '../host/redact-url.js'
import { escapeControl, hasControl } from '../observe/escape-control.js'
import { parseLogLevelFilter } from './log-level-filter.js'

export interface ConsoleTelemetryOptions {
  /** `[engine].log_level`. */
  logLevel: string
  /** Milliseconds since the epoch, stamped on each line. */
  now: () => number
  /** Receives one line at a time, without a trailing newline. */
  out: (line: string) => void
}

export function createConsoleTelemetry(options: ConsoleTelemetryOptions): Telemetry {
  const filter = parseLogLevelFilter(options.logLevel)
  return {
    emit(event) {
      if (event.type !== 'log' || !filter.enabled(event.target, event.level)) return
      options.out(formatLogLine(event, options.now()))
    },
  }
}

const LEVEL_LABELS: Record<LogLevel, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: ' INFO',
  warn: ' WARN',
  error: 'ERROR',
}

export function formatLogLine(event: LogEvent, nowMs: number): string {
  const scope = event.target === 'module' ? `module{module=${escapeControl(event.module ?? 'module')}}` : 'nexum_engine'
  let line = `${new Date(nowMs).toISOString()} ${LEVEL_LABELS[event.level]} ${scope}: ${escapeControl(redactUrls(event.message))}`
  for (const [key, value] of Object.entries(event.fields ?? {})) line += ` ${key}=${formatValue(value)}`
  return line
}

/** Bare when unambiguous, JSON-quoted when a value has spaces, quotes, `=` or controls (or is empty). */
function formatValue(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value)
  const text = redactUrls(value)
  return text === '' || /[\s"=\\]/.test(text) || hasControl(text) ? escapeControl(JSON.stringify(text)) : text
}
