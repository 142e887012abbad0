import { describe, expect, it } from 'vitest'
import { ModuleRings } from './module-rings.js'

describe('ModuleRings', () => {
  it('keeps each module its own entries, nothing for a module never seen', () => {
    const rings = new ModuleRings<number>(3)
    rings.add('a', 1)
    rings.add('b', 2)
    expect(rings.entries('a')).toEqual([1])
    expect(rings.entries('b')).toEqual([2])
    expect(rings.entries('c')).toEqual([])
  })

  it("replaces a full ring's oldest entry first, and returns what it kept", () => {
    const rings = new ModuleRings<string>(3)
    for (const e of ['e1', 'e2', 'e3']) expect(rings.add('m', e)).toBe(e)
    rings.add('m', 'e4')
    expect(rings.entries('m')).toEqual(['e4', 'e2', 'e3'])
    rings.add('m', 'e5')
    expect(rings.entries('m')).toEqual(['e4', 'e5', 'e3'])
  })

  it('starts every module again once 256 are kept', () => {
    const rings = new ModuleRings<number>(2)
    for (let i = 0; i < 256; i++) rings.add(`m${i}`, i)
    expect(rings.entries('m0')).toEqual([0])
    rings.add('m256', 256)
    expect(rings.entries('m0')).toEqual([])
    expect(rings.entries('m256')).toEqual([256])
  })
})
