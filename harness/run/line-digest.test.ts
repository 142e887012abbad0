import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineDigest } from './line-digest.js'

/** The reference: SHA-256 of the joined text, each line followed by a newline, encoded by Node as UTF-8. */
const reference = (lines: string[]) =>
  createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex')

// Lines of any length and character: non-ASCII, astral pairs, lone surrogates, empty lines, and
// lines around and beyond the 64 KiB buffer in one- and multi-byte characters.
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '\ud800', '\udc00x', 'a\ud83d', '😀', 'é', '\u2028', '\u0000') },
  { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 70_000 }).map((n) => 'é'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 16_000, max: 23_000 }).map((n) => '😀'.repeat(n)) },
)
/** A tail as the trace writer has one: it starts with an ASCII character (here any after it). */
const tail = fc.tuple(fc.constantFrom(',', '}', 'x'), fc.oneof(fc.string({ maxLength: 60 }), text))

/** One line, given as a string, or as a head (string or bytes) and a tail's bytes. */
const line = fc.oneof(
  text.map((s) => ({ kind: 'text' as const, text: s })),
  fc.tuple(text, tail, fc.boolean()).map(([head, [first, rest], asBytes]) => ({
    kind: 'parts' as const,
    text: `${head}${first}${rest}`,
    head: asBytes ? Buffer.from(head, 'utf8') : head,
    tail: Buffer.from(`${first}${rest}`, 'utf8'),
  })),
)

describe('LineDigest', () => {
  it('is the SHA-256 of the joined UTF-8 text, whether a line comes as text or as bytes', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const digest = new LineDigest()
        for (const l of lines) {
          if (l.kind === 'text') digest.add(l.text)
          else digest.addParts(l.head, l.tail)
        }
        expect(digest.hex()).toBe(reference(lines.map((l) => l.text)))
      }),
      { numRuns: 300 },
    )
  })

  it('fills its buffer to the last byte and goes on (many short lines, as a day writes)', () => {
    const lines: string[] = []
    const digest = new LineDigest()
    // 1 + 62 bytes and the newline: 1,024 of them fill the 64 KiB buffer exactly.
    for (let i = 0; i < 3_000; i++) {
      const head = `${i % 10}`
      const rest = `,${'y'.repeat(61)}`
      lines.push(`${head}${rest}`)
      if (i % 3 === 0) digest.add(`${head}${rest}`)
      else digest.addParts(i % 2 ? head : Buffer.from(head), Buffer.from(rest))
    }
    expect(digest.hex()).toBe(reference(lines))
  })

  it('hashes a line one byte too long for the room left after what the buffer holds', () => {
    // Bytes take exactly their length (text is bounded at three bytes a unit): the first line
    // leaves `room` bytes, and the next needs `room - 1`, `room`, or `room + 1` with its newline.
    for (const room of [0, 1, 2, 64, 65]) {
      for (const next of [room - 2, room - 1, room].filter((n) => n >= 1)) {
        const lines = ['x'.repeat(64 * 1024 - room - 1), 'y'.repeat(next), 'z']
        const digest = new LineDigest()
        digest.addParts(Buffer.from(lines[0]!.slice(1)), Buffer.from('x'))
        digest.addParts(Buffer.from(lines[1]!.slice(1)), Buffer.from('y'))
        digest.addParts('', Buffer.from('z'))
        expect(digest.hex()).toBe(reference(lines))
      }
    }
  })

  it('encodes lone surrogates as the joined text does, even where two lines would pair them', () => {
    const lines = ['a\ud83d', '\ude00b', '\ud800', '\udc00', '\ud83d\ude00']
    const digest = new LineDigest()
    for (const l of lines) digest.add(l)
    expect(digest.hex()).toBe(reference(lines))
    const parts = new LineDigest()
    parts.addParts('a\ud83d', Buffer.from(','))
    parts.addParts(Buffer.from('\ude00b', 'utf8'), Buffer.from('}'))
    expect(parts.hex()).toBe(reference(['a\ud83d,', '\ude00b}']))
  })

  it('gives the digest so far and keeps going', () => {
    const digest = new LineDigest()
    expect(digest.hex()).toBe(reference([]))
    digest.add('a')
    expect(digest.hex()).toBe(reference(['a']))
    digest.addParts('b', Buffer.from('c'))
    expect(digest.hex()).toBe(reference(['a', 'bc']))
  })
})
