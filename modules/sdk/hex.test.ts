import { describe, it, expect } from 'vitest'
import { hexByteLength, normaliseAddress, normaliseHex } from './hex.js'

describe('normaliseHex', () => {
  it.each([
    ['0xABcd', '0xabcd'],
    ['abcd', '0xabcd'],
    ['0X0a', '0x0a'],
    ['0x', '0x'],
    ['', '0x'],
  ])('%j → %s', (text, hex) => {
    expect(normaliseHex(text)).toBe(hex)
  })
  it.each(['0x1', '0xzz', '0x 1', 'hello'])('rejects %j', (text) => {
    expect(normaliseHex(text)).toBeUndefined()
  })
})

describe('normaliseAddress', () => {
  it('lowercases a 20-byte 0x address and refuses anything else', () => {
    expect(normaliseAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe(
      '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    )
    expect(normaliseAddress('70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBeUndefined()
    expect(normaliseAddress('0x1234')).toBeUndefined()
    expect(hexByteLength('0x0102')).toBe(2)
  })
})
