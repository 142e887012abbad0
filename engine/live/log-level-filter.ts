// `[engine].log_level`, read as the Rust engine's tracing EnvFilter directives: a bare level is the
// default (`info`), `target=level` sets a target's level (`info,nexum_engine=debug`), and the
// longest target that prefixes an event's target wins. The engine's lines have target
// `nexum_engine`; module lines `nexum_engine::host::impls::logging`, as in the Rust engine, so
// `nexum_engine=debug` opens both. Unreadable directives are ignored (the Rust engine fell back to info).
import type { LogLevel } from '../module-api/host.js'
import type { LogTarget } from '../observe/telemetry.js'

export type FilterLevel = LogLevel | 'off'

const SEVERITY: Record<FilterLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 }

/** The tracing target each kind of line is filed under. */
export const TRACING_TARGETS: Record<LogTarget, string> = {
  engine: 'nexum_engine',
  module: 'nexum_engine::host::impls::logging',
}

export interface LogLevelFilter {
  readonly defaultLevel: FilterLevel
  /** Target directives, most specific first. */
  readonly directives: readonly { target: string; level: FilterLevel }[]
  enabled(target: LogTarget, level: LogLevel): boolean
}

export function parseLogLevelFilter(spec: string): LogLevelFilter {
  let defaultLevel: FilterLevel = 'info'
  const directives: { target: string; level: FilterLevel }[] = []
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq === -1) {
      const level = toLevel(part)
      if (level) defaultLevel = level
      continue
    }
    const target = part.slice(0, eq).trim()
    const level = toLevel(part.slice(eq + 1))
    if (target && level && /^[A-Za-z0-9_:.-]+$/.test(target)) directives.push({ target, level })
  }
  // Longest first; for equal targets the later directive wins, so keep it first.
  const ordered = directives
    .map((d, i) => ({ ...d, i }))
    .sort((a, b) => b.target.length - a.target.length || b.i - a.i)
    .map(({ target, level }) => ({ target, level }))
  const levelFor = (tracingTarget: string): FilterLevel =>
    ordered.find((d) => tracingTarget === d.target || tracingTarget.startsWith(`${d.target}::`))?.level ?? defaultLevel
  const cached: Record<LogTarget, number> = {
    engine: SEVERITY[levelFor(TRACING_TARGETS.engine)],
    module: SEVERITY[levelFor(TRACING_TARGETS.module)],
  }
  return {
    defaultLevel,
    directives: ordered,
    enabled: (target, level) => SEVERITY[level] >= cached[target],
  }
}

function toLevel(text: string): FilterLevel | undefined {
  const level = text.trim().toLowerCase()
  if (level === 'warning') return 'warn'
  return level in SEVERITY ? (level as FilterLevel) : undefined
}
