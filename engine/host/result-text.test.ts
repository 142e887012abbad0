import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resultText } from './result-text.js'

const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.stringMatching(/^0x[0-9a-f]{0,400}$/),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00x', '😀', 'é', '0x"'),
)

describe('resultText', () => {
  it('is JSON.stringify (null for what it skips) for strings of every kind', () => {
    fc.assert(
      fc.property(strings, (s) => {
        expect(resultText(s)).toBe(JSON.stringify(s))
      }),
      { numRuns: 2_000 },
    )
  })

  it('is JSON.stringify for any other answer, and null where JSON.stringify gives nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        let expected: string
        try {
          expected = JSON.stringify(v) ?? 'null'
        } catch {
          return // a BigInt or a cycle: both throw alike (checked below)
        }
        expect(resultText(v)).toBe(expected)
      }),
    )
    expect(resultText(undefined)).toBe('null')
    expect(resultText(() => 1)).toBe('null')
    expect(() => resultText(1n)).toThrow(TypeError)
  })

  it('escapes what JSON text must escape', () => {
    expect(resultText('a"b')).toBe('"a\\"b"')
    expect(resultText('\ud800')).toBe('"\\ud800"')
    expect(JSON.parse(resultText('0xde\n'))).toBe('0xde\n')
  })
})
