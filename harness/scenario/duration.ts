// Durations of virtual time: `200ms`, `30s`, `5m`, `1h` (a fraction is fine when it lands on a
// whole millisecond: `1.5s`). `never` only where the format allows it (a delay that never ends).

const DURATION = /^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)$/
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }

/** Milliseconds, or undefined when `value` is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = DURATION.exec(value.trim())
  if (m === null) return undefined
  const [, amount, unit] = m
  const ms = Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN)
  return Number.isSafeInteger(ms) ? ms : undefined
}

/** A duration, or the word `never`. */
export function parseDelay(value: unknown): number | 'never' | undefined {
  return value === 'never' ? 'never' : parseDuration(value)
}

export const DURATION_EXPECTED = 'a duration such as 200ms, 30s, 5m or 1h'
export const DELAY_EXPECTED = `${DURATION_EXPECTED}, or never`
