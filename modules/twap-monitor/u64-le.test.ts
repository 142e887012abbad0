import { describe, it, expect } from 'vitest'
import { U64RangeError, decodeU64Le, encodeU64Le } from './u64-le.js'

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
