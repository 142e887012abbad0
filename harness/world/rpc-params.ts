// JSON-RPC params as the world compares and names them. Scenario rules are written by hand, so
// matching ignores the case of hex strings (addresses, calldata, quantities) and the order of
// object keys; messages render params as compact JSON (bigints as decimal strings).

/** A canonical text for `value`: equal texts mean equal params for rule matching. */
export function canonicalParams(value: unknown): string {
  return JSON.stringify(normalise(value))
}

export function paramsMatch(wanted: unknown[], actual: unknown[]): boolean {
  return canonicalParams(wanted) === canonicalParams(actual)
}

/** Compact JSON for messages and labels. */
export function renderParams(params: unknown): string {
  try {
    return JSON.stringify(params, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined'
  } catch {
    return String(params)
  }
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return /^0x/i.test(value) ? value.toLowerCase() : value
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = normalise(v)
    }
    return out
  }
  return value
}
