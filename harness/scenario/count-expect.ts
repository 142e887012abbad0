// Counts in expectations: `3` is exact; `">= 3"`, `"<= 2"` and `"0..5"` are ranges.
import type { CountExpect } from './types.js'

const AT_LEAST = /^>=\s*([0-9]+)$/
const AT_MOST = /^<=\s*([0-9]+)$/
const RANGE = /^([0-9]+)\s*\.\.\s*([0-9]+)$/
const EXACT = /^([0-9]+)$/

export const COUNT_EXPECTED = 'a count: a whole number, ">= N", "<= N" or "A..B"'

/** The range a count allows (max may be Infinity), or undefined when `value` is not a count. */
export function parseCount(value: unknown): CountExpect | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? { min: value, max: value, text: String(value) } : undefined
  }
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  let m = AT_LEAST.exec(text)
  if (m !== null) return safe({ min: Number(m[1]), max: Number.POSITIVE_INFINITY, text })
  m = AT_MOST.exec(text)
  if (m !== null) return safe({ min: 0, max: Number(m[1]), text })
  m = RANGE.exec(text)
  if (m !== null) {
    const min = Number(m[1])
    const max = Number(m[2])
    return min <= max ? safe({ min, max, text }) : undefined
  }
  m = EXACT.exec(text)
  if (m !== null) return safe({ min: Number(m[1]), max: Number(m[1]), text })
  return undefined
}

function safe(count: CountExpect): CountExpect | undefined {
  const ok =
    Number.isSafeInteger(count.min) && (count.max === Number.POSITIVE_INFINITY || Number.isSafeInteger(count.max))
  return ok ? count : undefined
}

/** Whether `n` is within the count. */
export function countAllows(count: CountExpect, n: number): boolean {
  return n >= count.min && n <= count.max
}
