import { describe, expect, it } from 'vitest'
import { parseOrderbookErrorBody } from './orderbook-error-body.js'

describe('parseOrderbookErrorBody', () => {
  it('reads errorType, description and optional data', () => {
    expect(parseOrderbookErrorBody('{"errorType":"X","description":"y","data":{"a":1}}')).toEqual({
      errorType: 'X',
      description: 'y',
      data: { a: 1 },
    })
    expect(parseOrderbookErrorBody(' {"errorType":"X","description":""}')).toEqual({ errorType: 'X', description: '' })
  })

  it('takes a body without description (or with a non-string one) as the envelope, description empty', () => {
    expect(parseOrderbookErrorBody('{"errorType":"InsufficientBalance"}')).toEqual({
      errorType: 'InsufficientBalance',
      description: '',
    })
    expect(parseOrderbookErrorBody('{"errorType":"X","description":7}')).toEqual({ errorType: 'X', description: '' })
  })

  it.each([
    undefined,
    null,
    '',
    'not json',
    'Failed to deserialize the JSON body into the target type: missing field `kind` at line 1 column 2',
    '<html>502</html>',
    '[]',
    '"x"',
    '{"errorType":1,"description":"d"}',
    '{"errorType":"","description":"d"}',
    '{"description":"d"}',
    '{"message":"unprocessable"}',
    '{"errorType":"X"',
  ])('is not the envelope: %s', (body) => {
    expect(parseOrderbookErrorBody(body)).toBeUndefined()
  })
})
