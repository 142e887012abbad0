import { describe, it, expect } from 'vitest'
import {
  InvalidConfigError,
  optionalKey,
  parseAddress,
  parseKey,
  parseU256,
  parseUnsigned,
  requireKey,
} from './config-values.js'

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

describe('requireKey / optionalKey', () => {
  it('reads own keys only; a missing one is `missing key "k"`', () => {
    const config = { a: '1', empty: '' }
    expect(requireKey(config, 'a')).toBe('1')
    expect(requireKey(config, 'empty')).toBe('')
    expect(optionalKey(config, 'b')).toBeUndefined()
    expect(optionalKey(config, 'toString')).toBeUndefined()
    expect(() => requireKey(config, 'b')).toThrow(new InvalidConfigError('missing key "b"'))
  })
})

describe('parseAddress (alloy Address::from_str)', () => {
  it('takes 40 hex digits with or without 0x and lowercases them', () => {
    expect(parseAddress(ADDRESS)).toBe(ADDRESS.toLowerCase())
    expect(parseAddress(ADDRESS.slice(2))).toBe(ADDRESS.toLowerCase())
    expect(parseAddress(`0X${ADDRESS.slice(2)}`)).toBe(ADDRESS.toLowerCase())
  })
  it.each([
    ['0x1234', 'invalid string length'],
    ['', 'invalid string length'],
    [`0x${'a'.repeat(39)}g`, "invalid character 'g' at position 39"],
  ])('rejects %j with "%s"', (text, message) => {
    expect(() => parseAddress(text)).toThrow(message)
  })
})

describe('parseUnsigned (Rust str::parse::<uN>)', () => {
  it('takes decimal digits with an optional +, below 2^bits', () => {
    expect(parseUnsigned('42', 32)).toBe(42n)
    expect(parseUnsigned('+7', 64)).toBe(7n)
    expect(parseUnsigned('4294967295', 32)).toBe(4_294_967_295n)
    expect(parseUnsigned('18446744073709551615', 64)).toBe(2n ** 64n - 1n)
  })
  it.each([
    ['', 32, 'cannot parse integer from empty string'],
    ['-1', 32, 'invalid digit found in string'],
    ['0x10', 64, 'invalid digit found in string'],
    ['4294967296', 32, 'number too large to fit in target type'],
    ['18446744073709551616', 64, 'number too large to fit in target type'],
  ] as const)('rejects %j as u%i with "%s"', (text, bits, message) => {
    expect(() => parseUnsigned(text, bits)).toThrow(message)
  })
})

describe('parseU256 (alloy U256::from_str)', () => {
  it('takes decimal, or hex after 0x, up to 2^256 - 1', () => {
    expect(parseU256('100000000000000000')).toBe(10n ** 17n)
    expect(parseU256('0x10')).toBe(16n)
    expect(parseU256(`0x${'f'.repeat(64)}`)).toBe(2n ** 256n - 1n)
  })
  it.each([
    ['', 'cannot parse integer from empty string'],
    ['0.1', 'invalid digit found in string'],
    ['1e18', 'invalid digit found in string'],
    ['0x', 'invalid digit found in string'],
    [`1${'0'.repeat(78)}`, 'number too large to fit in target type'],
  ])('rejects %j with "%s"', (text, message) => {
    expect(() => parseU256(text)).toThrow(message)
  })
})

describe('parseKey', () => {
  it('returns the parsed value of a present key', () => {
    expect(parseKey({ n: '5' }, 'n', (t) => parseUnsigned(t, 32))).toBe(5n)
  })
  it('reports a missing key before parsing, and prefixes a parse error with the key', () => {
    expect(() => parseKey({}, 'n', () => 0)).toThrow(new InvalidConfigError('missing key "n"'))
    let caught: unknown
    try {
      parseKey({ n: 'x' }, 'n', (t) => parseUnsigned(t, 32))
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidConfigError)
    expect((caught as InvalidConfigError).detail).toBe('n: invalid digit found in string')
  })
  it('renders a thrown non-Error as text', () => {
    expect(() =>
      parseKey({ n: 'x' }, 'n', () => {
        throw 'odd'
      }),
    ).toThrow(new InvalidConfigError('n: odd'))
  })
})
