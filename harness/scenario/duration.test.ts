import { describe, expect, it } from 'vitest'
import { parseDelay, parseDuration } from './duration.js'

describe('parseDuration', () => {
  it.each([
    ['200ms', 200],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['0s', 0],
    ['1.5s', 1_500],
    ['200s', 200_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([['30'], [30], ['30sec'], ['-1s'], ['1.0005s'], ['s'], ['never'], [null]])('rejects %s', (v) => {
    expect(parseDuration(v)).toBeUndefined()
  })
})

describe('parseDelay', () => {
  it('also accepts never', () => {
    expect(parseDelay('never')).toBe('never')
    expect(parseDelay('10ms')).toBe(10)
    expect(parseDelay('Never')).toBeUndefined()
  })
})
