// One canonical JSON text per value: object keys sorted, bigint as a decimal string, Maps as
// objects, Uint8Array as 0x hex, undefined members dropped. The trace hash, the journal and
// cassettes depend on it (the engine's live journal needs it, so it lives on the engine side).

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value))
}

function normalise(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value instanceof Map) return normalise(Object.fromEntries([...value].map(([k, v]) => [String(k), v])))
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)))
  if (value instanceof Error) return { name: value.name, message: value.message }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v === undefined || typeof v === 'function') continue
      out[key] = normalise(v)
    }
    return out
  }
  return String(value)
}
