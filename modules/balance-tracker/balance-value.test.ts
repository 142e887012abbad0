import { describe, it, expect } from 'vitest'
import { balanceKey, decodeU256Le, encodeU256Le, parseBalanceHex } from './balance-value.js'

describe('parseBalanceHex', () => {
  it('decodes the canonical quoted answer', () => {
    // 0x16345785d8a0000 = 0.1 ETH
    expect(parseBalanceHex('"0x16345785d8a0000"')).toBe(100_000_000_000_000_000n)
  })
  it('reads zero as "0x0" and as "0x", and accepts a missing 0x and surrounding whitespace', () => {
    expect(parseBalanceHex('"0x0"')).toBe(0n)
    expect(parseBalanceHex('"0x"')).toBe(0n)
    expect(parseBalanceHex(' "ff" ')).toBe(255n)
  })
  it('rejects an unquoted answer, garbage, and more than 256 bits', () => {
    expect(parseBalanceHex('0x1234')).toBeUndefined()
    expect(parseBalanceHex('"hello"')).toBeUndefined()
    expect(parseBalanceHex('"')).toBeUndefined()
    expect(parseBalanceHex('null')).toBeUndefined()
    expect(parseBalanceHex(`"0x1${'0'.repeat(64)}"`)).toBeUndefined()
  })
})

describe('u256 little-endian', () => {
  it('round-trips and puts the low byte first', () => {
    const bytes = encodeU256Le(0x0102n)
    expect(bytes.length).toBe(32)
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0x02, 0x01, 0])
    for (const v of [0n, 42n, 10n ** 18n, (1n << 256n) - 1n]) expect(decodeU256Le(encodeU256Le(v))).toBe(v)
  })
  it('rejects a stored value of the wrong length', () => {
    expect(decodeU256Le(new Uint8Array(16))).toBeUndefined()
    expect(decodeU256Le(new Uint8Array(64))).toBeUndefined()
  })
  it('refuses to encode a negative or too wide value', () => {
    expect(() => encodeU256Le(-1n)).toThrow(RangeError)
    expect(() => encodeU256Le(1n << 256n)).toThrow(RangeError)
  })
})

describe('balanceKey', () => {
  it('is balance:<0x lowercase>', () => {
    expect(balanceKey('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('balance:0x70997970c51812dc3a010c7d01b50e0d17dc79c8')
  })
})
