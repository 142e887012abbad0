import { describe, it, expect } from 'vitest'
import { parseApiErrorEnvelope } from './api-error-envelope.js'

describe('parseApiErrorEnvelope', () => {
  it('reads errorType, description and optional data', () => {
    expect(parseApiErrorEnvelope('{"errorType":"X","description":"y","data":{"a":1}}')).toEqual({
      errorType: 'X',
      description: 'y',
      data: { a: 1 },
    })
    expect(parseApiErrorEnvelope('{"errorType":"X","description":""}')).toEqual({ errorType: 'X', description: '' })
  })
  it.each([undefined, null, '', 'not json', '[]', '"x"', '{"errorType":1,"description":"d"}', '{"description":"d"}'])(
    'rejects %s',
    (data) => {
      expect(parseApiErrorEnvelope(data)).toBeUndefined()
    },
  )
})
