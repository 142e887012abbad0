import { describe, expect, it } from 'vitest'
import { remembered } from './remembered.js'

describe('remembered', () => {
  it('computes a key once, then answers from the memo', () => {
    const memo = new Map<string, number>()
    let calls = 0
    const length = (s: string) => {
      calls++
      return s.length
    }
    expect(remembered(memo, 4, 'abc', length)).toBe(3)
    expect(remembered(memo, 4, 'abc', length)).toBe(3)
    expect(calls).toBe(1)
  })

  it('empties the memo when it is full, then keeps the new key', () => {
    const memo = new Map<number, number>()
    for (let k = 0; k < 3; k++) remembered(memo, 3, k, (n) => n * 2)
    expect(remembered(memo, 3, 9, (n) => n * 2)).toBe(18)
    expect([...memo]).toEqual([[9, 18]])
  })
})
