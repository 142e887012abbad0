import { describe, expect, it } from 'vitest'
import { addressKey, configKey, decimalKey, decimalsKey, oneOfKey, u256Key, unsignedKey } from './config-schema.js'

describe('config key specs', () => {
  it('configKey: valid when the parser returns, the thrown message otherwise', () => {
    const key = configKey('even', (t) => {
      if (Number(t) % 2) throw new Error('odd')
    })
    expect(key.required).toBe(true)
    expect(key.check('2')).toBeUndefined()
    expect(key.check('3')).toBe('odd')
    expect(configKey('x', () => 0, false).required).toBe(false)
  })

  it('addressKey: one case throughout, or the EIP-55 checksum', () => {
    const key = addressKey()
    expect(key.check('0x694aa1769357215de4fac081bf1f309adc325306')).toBeUndefined()
    expect(key.check('0x694AA1769357215DE4FAC081BF1F309ADC325306')).toBeUndefined()
    expect(key.check('0x694AA1769357215DE4FAC081bf1f309aDC325306')).toBeUndefined()
    expect(key.check('0x694AA1769357215DE4FAC081bf1f309aDc325306')).toBe(
      'bad EIP-55 checksum (the checksummed spelling is 0x694AA1769357215DE4FAC081bf1f309aDC325306)',
    )
    expect(key.check('0x1234')).toBe('invalid string length')
  })

  it('numbers, decimals and choices', () => {
    expect(u256Key().check('0x10')).toBeUndefined()
    expect(u256Key().check('-1')).toBe('invalid digit found in string')
    expect(unsignedKey(32).check('4294967296')).toBe('number too large to fit in target type')
    expect(decimalsKey().check('38')).toBeUndefined()
    expect(decimalsKey().check('39')).toBe('more than 38')
    expect(decimalKey().check('2500.00')).toBeUndefined()
    expect(decimalKey().check('not-a-number')).toBe('non-digit character in "not-a-number"')
    expect(oneOfKey(['above', 'below']).check('ABOVE')).toBeUndefined()
    expect(oneOfKey(['above', 'below']).check('sideways')).toBe('not one of them')
  })
})
