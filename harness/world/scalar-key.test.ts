import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scalarKey } from './scalar-key.js'

// Strings that could pass for a separator, a type tag or a length.
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', '|', 's1:|', 'n1|', 'b1|', 'u|', 'z|', 't|', '1:', ':', 's0:|s0:|'),
)
const scalar = fc.oneof(
  text,
  fc.bigInt(),
  fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, Number.NaN)),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
)
const list = fc.array(scalar, { maxLength: 5 })

/** The same values in the same places: what a computation reading them cannot tell apart. */
const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => typeof v === typeof b[i] && Object.is(v, b[i]))

describe('scalarKey', () => {
  it('gives two lists the same key exactly when they hold the same values', () => {
    fc.assert(
      fc.property(list, list, (a, b) => {
        expect(scalarKey(a) === scalarKey(b)).toBe(same(a, b))
      }),
      { numRuns: 5000 },
    )
  })

  it('gives a copy of a list its key', () => {
    fc.assert(
      fc.property(list, (a) => {
        expect(scalarKey([...a])).toBe(scalarKey(a))
      }),
    )
  })

  it('tells apart lists that differ by where a string ends', () => {
    expect(scalarKey(['a|s1:b', 'c'])).not.toBe(scalarKey(['a', 'b|s1:c']))
    expect(scalarKey(['1', 1, 1n, true, 'true'])).not.toBe(scalarKey([1, '1', 1n, 'true', true]))
    expect(scalarKey([0])).not.toBe(scalarKey([-0]))
    expect(scalarKey([undefined])).not.toBe(scalarKey([null]))
  })

  it('has no key for a list holding anything but scalars', () => {
    for (const odd of [{}, [], () => 1, Symbol('s'), new Date(0)]) expect(scalarKey(['x', odd])).toBeUndefined()
  })
})
