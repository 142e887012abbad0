import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LastTail, utf8Bytes } from './line-bytes.js'

describe('LastTail', () => {
  it("gives each tail's text and its UTF-8 bytes, ASCII or not, short or long", () => {
    const tails = new LastTail((a, b, c) => `,"a":${a}${b}${c}`)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.string({ maxLength: 300 }), fc.string({ unit: 'binary' }))),
        (parts) => {
          for (const [a, b, c] of parts) {
            const tail = tails.of(a, b, c)
            expect(tail.text).toBe(`,"a":${a}${b}${c}`)
            expect(Buffer.from(tail.bytes).equals(Buffer.from(tail.text, 'utf8'))).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is written again only when a part changes', () => {
    let written = 0
    const tails = new LastTail((t) => {
      written++
      return `,"t":${t}`
    })
    const first = tails.of('1')
    expect(tails.of('1')).toBe(first)
    expect(written).toBe(1)
    expect(tails.of('2').text).toBe(',"t":2')
    expect(tails.of('1').text).toBe(',"t":1')
    expect(written).toBe(3)
  })
})

describe('utf8Bytes', () => {
  it('is the UTF-8 encoding, lone surrogates as U+FFFD', () => {
    expect([...utf8Bytes('a\ud800é😀')]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80])
  })
})
