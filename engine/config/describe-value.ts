// How a ConfigError shows what it found: short, JSON-like, never a wall of text.

const MAX_LENGTH = 60

/** `nothing` for a missing value; otherwise a JSON-ish rendering, cut at 60 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = render(value)
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text
}

function render(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return renderNumber(value)
  if (typeof value === 'function' || typeof value === 'symbol') return String(value)
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${render(v)}`)
    return `{${entries.join(', ')}}`
  }
  return JSON.stringify(value) ?? String(value)
}

// JSON has no NaN / Infinity; TOML writes them as nan / inf.
function renderNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  return String(n)
}
