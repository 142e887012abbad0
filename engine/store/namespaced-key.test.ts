import { describe, expect, it } from 'vitest'
import { utils } from 'ethers'
import { keyRange, namespacePrefix, physicalKey, successor } from './namespaced-key.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('physicalKey', () => {
  it('is keccak256(utf8(namespace)) followed by utf8(key), as in the Rust engine', () => {
    // Independent vector: ethers' keccak, not viem's.
    const expected =
      utils.keccak256(utils.toUtf8Bytes('price-alert')).slice(2) + Buffer.from('last:é', 'utf8').toString('hex')
    expect(hex(physicalKey('price-alert', 'last:é'))).toBe(expected)
    expect(namespacePrefix('price-alert')).toHaveLength(32)
  })
})

describe('successor', () => {
  it('increments the last byte below 0xff and drops the 0xff tail', () => {
    expect(successor(new Uint8Array([1, 2]))).toEqual(new Uint8Array([1, 3]))
    expect(successor(new Uint8Array([1, 0xff, 0xff]))).toEqual(new Uint8Array([2]))
    expect(successor(new Uint8Array([0xff]))).toBeUndefined()
    expect(successor(new Uint8Array(0))).toBeUndefined()
  })
})

describe('keyRange', () => {
  it('bounds exactly the keys with the prefix', () => {
    const { start, end } = keyRange('m', 'a:')
    const inside = physicalKey('m', 'a:\u{1F600}')
    const after = physicalKey('m', 'a;')
    expect(Buffer.compare(start, inside)).toBeLessThanOrEqual(0)
    expect(Buffer.compare(inside, end!)).toBeLessThan(0)
    expect(Buffer.compare(after, end!)).toBeGreaterThanOrEqual(0)
  })
})
