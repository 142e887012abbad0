import { describe, expect, it } from 'vitest'
import { parseAddress, parseBytes32, parseHexBytes } from './hex-values.js'

describe('parseAddress', () => {
  it('accepts 0x + 40 hex digits in any case and lowercases them', () => {
    expect(parseAddress('0x694AA1769357215DE4FAC081bf1f309aDC325306')).toBe(
      '0x694aa1769357215de4fac081bf1f309adc325306',
    )
  })
  it.each([
    ['0x694AA1769357215DE4FAC081bf1f309aDC32530'],
    ['694AA1769357215DE4FAC081bf1f309aDC325306'],
    ['0xZZ4AA1769357215DE4FAC081bf1f309aDC325306'],
    [42],
    [null],
  ])('rejects %s', (v) => expect(parseAddress(v)).toBeUndefined())
})

describe('parseBytes32', () => {
  it('accepts 64 hex digits, lowercased', () => {
    expect(parseBytes32(`0x${'AB'.repeat(32)}`)).toBe(`0x${'ab'.repeat(32)}`)
  })
  it('rejects other lengths', () => {
    expect(parseBytes32(`0x${'ab'.repeat(31)}`)).toBeUndefined()
  })
})

describe('parseHexBytes', () => {
  it('accepts whole bytes, including none', () => {
    expect(parseHexBytes('0x')).toBe('0x')
    expect(parseHexBytes('0xDEADbeef')).toBe('0xdeadbeef')
  })
  it('rejects half bytes and non-hex', () => {
    expect(parseHexBytes('0x123')).toBeUndefined()
    expect(parseHexBytes('0xgg')).toBeUndefined()
  })
})
