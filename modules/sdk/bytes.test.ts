import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  MAX_U256,
  MAX_U64,
  U64RangeError,
  bytesToHex,
  decodeU256Le,
  decodeU64Le,
  encodeU256Le,
  encodeU64Le,
  hexToBytes,
} from './bytes.js'

// Moved from modules/twap-monitor/hex-bytes.test.ts.
describe('hex ↔ bytes', () => {
  it('converts both ways', () => {
    expect([...(hexToBytes('0x00ff10') as Uint8Array)]).toEqual([0, 255, 16])
    expect(bytesToHex(new Uint8Array([0, 255, 16]))).toBe('0x00ff10')
    expect(hexToBytes('0x')).toEqual(new Uint8Array(0))
    expect(bytesToHex(new Uint8Array(0))).toBe('0x')
  })

  it('rejects odd lengths and non-hex characters', () => {
    expect(hexToBytes('0x123')).toBeUndefined()
    expect(hexToBytes('0xzz')).toBeUndefined()
  })
})

// Moved from modules/twap-monitor/u64-le.test.ts.
describe('u64 little-endian', () => {
  it('puts the least significant byte first, as Rust to_le_bytes', () => {
    expect([...encodeU64Le(1n)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0])
    expect([...encodeU64Le(0x0102n)]).toEqual([2, 1, 0, 0, 0, 0, 0, 0])
    expect([...encodeU64Le(2n ** 64n - 1n)]).toEqual([255, 255, 255, 255, 255, 255, 255, 255])
  })

  it('round-trips', () => {
    for (const v of [0n, 7_000_123n, 1_750_000_600n, 2n ** 63n + 5n]) expect(decodeU64Le(encodeU64Le(v))).toBe(v)
  })

  it('refuses values outside u64 and byte strings that are not 8 long', () => {
    expect(() => encodeU64Le(2n ** 64n)).toThrow(U64RangeError)
    expect(() => encodeU64Le(-1n)).toThrow(U64RangeError)
    expect(decodeU64Le(new Uint8Array(7))).toBeUndefined()
    expect(decodeU64Le(new Uint8Array(0))).toBeUndefined()
  })
})

// Moved from modules/balance-tracker/balance-value.test.ts.
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

describe('range errors keep each width’s wording', () => {
  it('names the value and the width the Rust engine’s modules named', () => {
    expect(() => encodeU64Le(MAX_U64 + 1n)).toThrow(new U64RangeError('18446744073709551616 does not fit in a u64'))
    expect(() => encodeU256Le(MAX_U256 + 1n)).toThrow(new RangeError(`not a u256: ${MAX_U256 + 1n}`))
  })

  it('a u64 is not read from 32 bytes, nor a u256 from 8', () => {
    expect(decodeU64Le(encodeU256Le(1n))).toBeUndefined()
    expect(decodeU256Le(encodeU64Le(1n))).toBeUndefined()
  })
})

describe('little-endian words against the byte-by-byte definition', () => {
  /** Byte i is bits 8i..8i+7: Rust's `to_le_bytes`, written out. */
  const reference = (value: bigint, size: number) =>
    Uint8Array.from({ length: size }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn))
  const fromReference = (bytes: Uint8Array) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n)

  it('encodes every u256 and u64 as the definition does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_U256 }), (v) => {
        expect(encodeU256Le(v)).toEqual(reference(v, 32))
        if (v <= MAX_U64) expect(encodeU64Le(v)).toEqual(reference(v, 8))
      }),
      { numRuns: 2_000 },
    )
    for (const v of [0n, 1n, 255n, 256n, MAX_U64, MAX_U64 + 1n, MAX_U256]) {
      expect(encodeU256Le(v)).toEqual(reference(v, 32))
    }
  })

  it('encodes and decodes values of every width (zero words at the top) as the definition does', () => {
    const anyWidth = fc
      .integer({ min: 0, max: 256 })
      .chain((bits) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }))
    fc.assert(
      fc.property(anyWidth, fc.nat(8), (v, offset) => {
        expect(encodeU256Le(v)).toEqual(reference(v, 32))
        const backing = new Uint8Array(offset + 40).fill(0xee)
        backing.set(reference(v, 32), offset)
        expect(decodeU256Le(backing.subarray(offset, offset + 32))).toBe(v)
        if (v <= MAX_U64) {
          expect(encodeU64Le(v)).toEqual(reference(v, 8))
          expect(decodeU64Le(reference(v, 8))).toBe(v)
        }
      }),
      { numRuns: 2_000 },
    )
    // A word whose low half is zero and high half is not, at each height.
    for (let k = 0n; k < 4n; k++)
      for (const v of [1n << (64n * k + 32n), (1n << (64n * k + 63n)) + 1n, 1n << (64n * k)]) {
        expect(decodeU256Le(Uint8Array.from(reference(v, 32)))).toBe(v)
        expect(encodeU256Le(v)).toEqual(reference(v, 32))
      }
  })

  it('reads another typed array of the right length by its bytes, as before', () => {
    const words = new Uint16Array(32).map((_, i) => i * 257 + 1)
    const bytes = new Uint8Array(words.buffer, 0, 32)
    expect(decodeU256Le(words as unknown as Uint8Array)).toBe(fromReference(bytes))
    expect(decodeU64Le(new Uint16Array(8).fill(0x0102) as unknown as Uint8Array)).toBe(
      fromReference(new Uint8Array(new Uint16Array(8).fill(0x0102).buffer, 0, 8)),
    )
  })

  it('decodes any 32 or 8 bytes, also a view into a larger buffer, as the definition does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 48 }), fc.nat(8), (raw, offset) => {
        const at = Math.min(offset, raw.length)
        for (const size of [8, 32]) {
          const view = raw.subarray(at, at + size)
          const expected = view.length === size ? fromReference(view) : undefined
          expect(size === 8 ? decodeU64Le(view) : decodeU256Le(view)).toBe(expected)
        }
      }),
      { numRuns: 2_000 },
    )
  })
})
