// One canonical JSON text per value: object keys sorted, bigint as a decimal string, Maps as
// objects, Uint8Array as 0x hex, undefined members dropped. The trace hash, the journal and
// cassettes depend on it (the engine's live journal needs it, so it lives on the engine side).

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalTree(value))
}

/**
 * The value the canonical text is written from: what `JSON.parse` of that text gives back (keys
 * in another order). A reader of the trace as it is written can take it instead of parsing the line.
 */
export function canonicalTree(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value instanceof Map) return canonicalTree(Object.fromEntries([...value].map(([k, v]) => [String(k), v])))
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalTree(v)))
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v === undefined || typeof v === 'function') continue
      out[key] = canonicalTree(v)
    }
    return out
  }
  return String(value)
}
