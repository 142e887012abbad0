import { describe, expect, it } from 'vitest'
import { retryAfterSeconds } from './retry-after.js'

describe('retryAfterSeconds', () => {
  const now = Date.UTC(2026, 10, 27, 14, 0, 0)

  it('reads delta-seconds', () => {
    expect(retryAfterSeconds('120', now)).toBe(120)
    expect(retryAfterSeconds(' 0 ', now)).toBe(0)
  })

  it('reads an HTTP date against the given clock, rounding up', () => {
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:01:30 GMT', now)).toBe(90)
    expect(retryAfterSeconds('Fri, 27 Nov 2026 14:01:30 GMT', now + 500)).toBe(90)
  })

  it('never goes below zero for a date in the past', () => {
    expect(retryAfterSeconds('Fri, 27 Nov 2026 13:00:00 GMT', now)).toBe(0)
  })

  it('gives up on anything else', () => {
    expect(retryAfterSeconds('soon', now)).toBeUndefined()
    expect(retryAfterSeconds('-5', now)).toBeUndefined()
    expect(retryAfterSeconds('1.5', now)).toBeUndefined()
  })
})
