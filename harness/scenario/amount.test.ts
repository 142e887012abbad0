import { describe, expect, it } from 'vitest'
import { parseAmount, parseSignedInteger } from './amount.js'

describe('parseAmount', () => {
  it('reads numbers, bigints, decimal and 0x-hex strings alike', () => {
    expect(parseAmount(174553978080)).toBe(174553978080n)
    expect(parseAmount('174553978080')).toBe(174553978080n)
    expect(parseAmount(1000000000000000000n)).toBe(1000000000000000000n)
    expect(parseAmount('0x0de0b6b3a7640000')).toBe(1000000000000000000n)
    expect(parseAmount(0)).toBe(0n)
  })
  it('accepts up to 2^256-1 and nothing beyond', () => {
    const max = (1n << 256n) - 1n
    expect(parseAmount(max.toString())).toBe(max)
    expect(parseAmount((max + 1n).toString())).toBeUndefined()
  })
  it.each([[-1], ['-1'], [1.5], [1e18], ['1e18'], ['1_000'], [' 1'], [''], [true], [null], [undefined]])(
    'rejects %s',
    (v) => {
      expect(parseAmount(v)).toBeUndefined()
    },
  )
})

describe('parseSignedInteger', () => {
  it('reads negative values (a Chainlink answer is an int256)', () => {
    expect(parseSignedInteger(-5)).toBe(-5n)
    expect(parseSignedInteger('-174553978080')).toBe(-174553978080n)
  })
  it('stays within int256', () => {
    expect(parseSignedInteger(((1n << 255n) - 1n).toString())).toBe((1n << 255n) - 1n)
    expect(parseSignedInteger((1n << 255n).toString())).toBeUndefined()
    expect(parseSignedInteger((-(1n << 255n) - 1n).toString())).toBeUndefined()
  })
})
