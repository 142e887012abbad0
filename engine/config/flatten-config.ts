// A module's `[config]` becomes the `(key, string)` pairs its `init` receives, as in the Rust engine:
// strings verbatim, scalars in their TOML text form, arrays and tables as inline TOML.
import { stringify } from 'smol-toml'

const BARE_KEY = /^[A-Za-z0-9_-]+$/

/** Pairs in table order (JS order: integer-like keys first, then insertion order). */
export function flattenConfigTable(table: Readonly<Record<string, unknown>>): [string, string][] {
  return Object.entries(table).map(([key, value]) => [key, renderConfigValue(value)])
}

/** Strings verbatim; everything else as TOML text (`true`, `1.5`, `inf`, `1979-05-27`, `[ 1, 2 ]`). */
export function renderConfigValue(value: unknown): string {
  if (typeof value === 'string') return value
  return renderInline(value)
}

function renderInline(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(renderInline).join(', ')} ]`
  if (isTable(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${renderKey(k)} = ${renderInline(v)}`)
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
  }
  return renderScalar(value)
}

// smol-toml renders scalars (quoted strings, floats such as inf/nan, dates) exactly; we only cut
// the `v = ` it writes in front and the newline after.
function renderScalar(value: unknown): string {
  return stringify({ v: value }).slice('v = '.length).replace(/\n$/, '')
}

function renderKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key)
}

// Dates are objects but scalars in TOML.
function isTable(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || value instanceof Date) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || proto === Object.prototype
}
