import { describe, it, expect } from 'vitest'
import { DecimalError, MAX_DECIMALS, scaleDecimal } from './decimal.js'

describe('scaleDecimal', () => {
  it.each([
    ['2500.00', 8, 250000000000n],
    ['2500', 8, 250000000000n],
    ['2500.', 8, 250000000000n],
    ['.5', 2, 50n],
    ['0.123456789', 4, 1234n], // truncated, not rounded
    ['0.99999', 0, 0n],
    ['-1.5', 1, -15n],
    ['-0', 3, 0n],
    ['007', 2, 700n],
    ['1', 38, 10n ** 38n],
  ])('%s at %i decimals → %s', (text, decimals, expected) => {
    expect(scaleDecimal(text, decimals)).toBe(expected)
  })

  it.each([
    ['not-a-number', 'non-digit character in "not-a-number"'],
    ['1.2.3', 'non-digit character in "1.2.3"'],
    ['1e5', 'non-digit character in "1e5"'],
    [' 1', 'non-digit character in " 1"'],
    ['+1', 'non-digit character in "+1"'],
    ['--1', 'non-digit character in "--1"'],
    ['', 'empty'],
    ['-', 'empty'],
    ['.', 'empty'],
  ])('rejects %j with %j', (text, message) => {
    expect(() => scaleDecimal(text, 8)).toThrow(DecimalError)
    expect(() => scaleDecimal(text, 8)).toThrow(new DecimalError(message))
  })

  it('refuses more than 38 decimals, whatever the text', () => {
    expect(MAX_DECIMALS).toBe(38)
    expect(() => scaleDecimal('1', 39)).toThrow('decimals=39 exceeds the I256 power-of-ten budget')
    expect(() => scaleDecimal('x', 39)).toThrow('decimals=39 exceeds the I256 power-of-ten budget')
  })

  it('refuses a value beyond I256', () => {
    expect(() => scaleDecimal('9'.repeat(78), 0)).toThrow(/overflows I256/)
    expect(scaleDecimal((2n ** 255n - 1n).toString(), 0)).toBe(2n ** 255n - 1n)
    expect(scaleDecimal((-(2n ** 255n)).toString(), 0)).toBe(-(2n ** 255n))
  })
})
