import { describe, expect, it } from 'vitest'
import { countAllows, parseCount } from './count-expect.js'

describe('parseCount', () => {
  it('reads an exact number', () => {
    expect(parseCount(3)).toEqual({ min: 3, max: 3, text: '3' })
    expect(parseCount('3')).toEqual({ min: 3, max: 3, text: '3' })
  })
  it('reads ranges, with or without spaces', () => {
    expect(parseCount('>= 3')).toEqual({ min: 3, max: Number.POSITIVE_INFINITY, text: '>= 3' })
    expect(parseCount('<=2')).toEqual({ min: 0, max: 2, text: '<=2' })
    expect(parseCount('0..5')).toEqual({ min: 0, max: 5, text: '0..5' })
  })
  it.each([[-1], [1.5], ['> 3'], ['5..0'], ['a'], ['>= -1'], [null], [[3]]])('rejects %s', (v) => {
    expect(parseCount(v)).toBeUndefined()
  })
})

describe('countAllows', () => {
  it('includes both ends of a range', () => {
    const c = parseCount('2..4')!
    expect([1, 2, 3, 4, 5].map((n) => countAllows(c, n))).toEqual([false, true, true, true, false])
  })
})
