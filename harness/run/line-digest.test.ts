import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineDigest } from './line-digest.js'

const reference = (lines: string[]) =>
  createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex')

describe('LineDigest', () => {
  it('is the SHA-256 of the lines, each followed by a newline, whatever their length and characters', () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
      // Around and beyond the 64 KiB chunk, in one- and multi-byte characters.
      fc.integer({ min: 20_000, max: 70_000 }).map((n) => 'é'.repeat(n)),
      fc.integer({ min: 60_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const digest = new LineDigest()
        for (const l of lines) digest.add(l)
        expect(digest.hex()).toBe(reference(lines))
      }),
      { numRuns: 200 },
    )
  })

  it('encodes lone surrogates as the joined text does, even where two lines would pair them', () => {
    const lines = ['a\ud83d', '\ude00b', '\ud800', '\udc00', '\ud83d\ude00']
    const digest = new LineDigest()
    for (const l of lines) digest.add(l)
    expect(digest.hex()).toBe(reference(lines))
  })

  it('gives the digest so far and keeps going', () => {
    const digest = new LineDigest()
    expect(digest.hex()).toBe(reference([]))
    digest.add('a')
    expect(digest.hex()).toBe(reference(['a']))
    digest.add('b')
    expect(digest.hex()).toBe(reference(['a', 'b']))
  })
})
