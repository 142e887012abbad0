// `log_level`: a level name, or tracing-style directives such as `info,nexum_engine=debug`
// (the Rust engine passes it to an EnvFilter). Checked here so a typo is a boot error, not a silent
// fallback to `info` as in the Rust engine.

export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'off'] as const

const TARGET = /^[A-Za-z0-9_:.-]+$/

/** Each comma-separated directive is `LEVEL` or `TARGET=LEVEL`; levels are case-insensitive. */
export function isLogLevelDirective(text: string): boolean {
  const directives = text.split(',').map((d) => d.trim())
  if (directives.every((d) => d === '')) return false
  return directives.every((directive) => {
    if (directive === '') return true
    const eq = directive.indexOf('=')
    const level = eq === -1 ? directive : directive.slice(eq + 1)
    const target = eq === -1 ? undefined : directive.slice(0, eq)
    if (target !== undefined && !TARGET.test(target)) return false
    return (LOG_LEVEL_NAMES as readonly string[]).includes(level.toLowerCase())
  })
}
