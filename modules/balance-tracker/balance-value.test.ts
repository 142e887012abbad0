import { describe, it, expect } from 'vitest'
import { balanceKey, parseBalanceHex } from './balance-value.js'

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

describe('balanceKey', () => {
  it('is balance:<0x lowercase>', () => {
    expect(balanceKey('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe(
      'balance:0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    )
  })
})
