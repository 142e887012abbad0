import { describe, expect, it } from 'vitest'
import type { OrderbookRequest } from './orderbook-http.js'
import { isJsonContentType, readJsonBody } from './read-json-body.js'

const request = (body: string | undefined, contentType = 'application/json'): OrderbookRequest => ({
  method: 'POST',
  url: 'https://api.cow.fi/sepolia/api/v1/orders',
  headers: { 'content-type': contentType },
  body,
})

describe('readJsonBody (axum’s Json extractor, in its order)', () => {
  it('parses JSON', () => {
    expect(readJsonBody(request('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } })
  })

  it('checks the content type first, then the size, then the syntax', () => {
    const huge = `{"x":"${'y'.repeat(20_000)}"`
    expect(readJsonBody(request(huge, 'text/plain'))).toMatchObject({ ok: false, answer: { status: 415 } })
    expect(readJsonBody(request(huge))).toMatchObject({ ok: false, answer: { status: 413 } })
    expect(readJsonBody(request('{"x":', 'application/json'))).toMatchObject({ ok: false, answer: { status: 400 } })
  })

  it('counts the limit in UTF-8 bytes', () => {
    const multiByte = JSON.stringify({ x: 'é'.repeat(5000) }) // 10,000+ bytes, 5,008 characters
    expect(readJsonBody(request(multiByte), 8192)).toMatchObject({ ok: false, answer: { status: 413 } })
    expect(readJsonBody(request(multiByte), 16 * 1024)).toMatchObject({ ok: true })
  })

  it.each([
    ['', 'EOF while parsing a value at line 1 column 0'],
    ['{"a":', 'EOF while parsing a value at line 1 column 5'],
    ['{invalid json}', 'key must be a string at line 1 column 2'],
    ['{"a":1} x', 'trailing characters at line 1 column 9'],
  ])('words syntax errors as serde does: %j', (text, message) => {
    const read = readJsonBody(request(text))
    expect(read).toEqual({
      ok: false,
      answer: {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `Failed to parse the request body as JSON: ${message}`,
      },
    })
  })

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/problem+json', true],
    ['text/plain;charset=UTF-8', false],
    ['application/jsonx', false],
    [undefined, false],
  ])('takes %s as JSON: %s', (type, expected) => {
    expect(isJsonContentType(type)).toBe(expected)
  })
})
