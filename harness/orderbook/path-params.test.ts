import { describe, expect, it } from 'vitest'
import { addressParam, hexProblem, orderUidParam, pageQuery } from './path-params.js'

describe('path and query parameters, as the server’s extractors read them', () => {
  it('decodes hex as const_hex: odd length, then length, then the first bad character', () => {
    expect(hexProblem('0x123', 20)).toBe('odd number of digits')
    expect(hexProblem('0x1234', 20)).toBe('invalid string length')
    expect(hexProblem(`0x${'G'.repeat(40)}`, 20)).toBe("invalid character 'G' at position 0")
    expect(hexProblem(`0x${'ab'.repeat(20)}`, 20)).toBeUndefined()
    expect(hexProblem('ab'.repeat(20), 20)).toBeUndefined()
  })

  it('reads a UID with or without 0x, lower-cased; refuses anything else with 400 "Invalid URL"', () => {
    expect(orderUidParam(`0x${'AB'.repeat(56)}`)).toEqual({ ok: true, value: `0x${'ab'.repeat(56)}` })
    expect(orderUidParam('0x1234')).toEqual({
      ok: false,
      answer: {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Invalid URL: failed to decode "0x1234" as hex uid: invalid string length',
      },
    })
    expect(addressParam('0x123')).toMatchObject({ ok: false, answer: { status: 400 } })
  })

  it('reads offset, limit, owner and orderUid from a query; a value that does not parse is 400', () => {
    expect(pageQuery('offset=2&limit=5&x=1', ['offset', 'limit'])).toEqual({ ok: true, value: { offset: 2, limit: 5 } })
    expect(pageQuery('limit=ten', ['limit'])).toEqual({
      ok: false,
      answer: {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Failed to deserialize query string: limit: invalid digit found in string',
      },
    })
    expect(pageQuery('owner=0x12', ['owner'])).toMatchObject({ ok: false, answer: { status: 400 } })
  })
})
