import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareUtf8 } from './utf8-order.js'

function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return Buffer.compare(x, y)
}

describe('compareUtf8', () => {
  it('orders a supplementary character after U+FFFD, as UTF-8 bytes do', () => {
    expect(compareUtf8('\u{1F600}', '\uFFFD')).toBeGreaterThan(0)
    expect('\u{1F600}' < '\uFFFD').toBe(true) // what plain string comparison gets wrong
  })

  it('puts a prefix before its extensions', () => {
    expect(compareUtf8('ab', 'abc')).toBeLessThan(0)
    expect(compareUtf8('abc', 'abc')).toBe(0)
  })

  it('agrees in sign with a byte comparison of the UTF-8 encodings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(compareBytes(a, b)))
      }),
    )
  })
})
