import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
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

describe('normaliseHex against its definition', () => {
  /** The rule written out: optional 0x/0X, whole bytes of hex digits, lower-cased. */
  const definition = (text: string) => {
    const body = /^0[xX]/.test(text) ? text.slice(2) : text
    return body.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(body) ? `0x${body.toLowerCase()}` : undefined
  }

  it('gives the same answer for canonical, mixed-case, bare, odd and non-hex texts', () => {
    const hexDigits = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 400 })
    const text = fc.oneof(
      hexDigits.map((h) => `0x${h.toLowerCase()}`),
      hexDigits.map((h) => `0x${h}`),
      hexDigits.map((h) => `0X${h}`),
      hexDigits,
      fc.string({ maxLength: 40 }),
      fc.tuple(hexDigits, fc.string({ maxLength: 3 }), hexDigits).map(([a, b, c]) => `0x${a}${b}${c}`),
    )
    fc.assert(
      fc.property(text, (t) => {
        expect(normaliseHex(t)).toBe(definition(t))
      }),
      { numRuns: 3_000 },
    )
    for (const t of ['0x', '', '0x0', '0xg0', '0x\n00', '0x00\n', 'x00', '0x00 ', '0xAb']) {
      expect(normaliseHex(t)).toBe(definition(t))
    }
  })
})
