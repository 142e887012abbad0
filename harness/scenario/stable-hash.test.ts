import { describe, expect, it } from 'vitest'
import { fnv1a32, seedFromName } from './stable-hash.js'

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5)
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('foobar')).toBe(0xbf9cf968)
  })

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    // "é" is 0xC3 0xA9 in UTF-8: the same as hashing those two bytes one after the other.
    let h = 0x811c9dc5
    for (const b of [0xc3, 0xa9]) h = Math.imul(h ^ b, 0x01000193)
    expect(fnv1a32('é')).toBe(h >>> 0)
  })

  it('is an unsigned 32-bit integer', () => {
    for (const s of ['x', 'a scenario name', '🙂', 'z'.repeat(1000)]) {
      const h = fnv1a32(s)
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true)
    }
  })
})

describe('seedFromName', () => {
  it('is the hash of the name, so the same name gives the same seed and another name another', () => {
    expect(seedFromName('two chains')).toBe(fnv1a32('two chains'))
    expect(seedFromName('two chains')).not.toBe(seedFromName('two chain'))
  })
})
