import { describe, expect, it } from 'vitest'
import {
  InvalidAnswerStatusError,
  emptyAnswer,
  envelopeErrorType,
  errorAnswer,
  jsonAnswer,
  stringifyJson,
  textAnswer,
  toResponse,
} from './orderbook-http.js'

describe('orderbook answers', () => {
  it('spell the error envelope with errorType first, as the server does', () => {
    expect(errorAnswer(400, 'DuplicatedOrder', 'order already exists')).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"errorType":"DuplicatedOrder","description":"order already exists"}',
    })
  })

  it('read the errorType of an envelope, and nothing from other bodies', () => {
    expect(envelopeErrorType(errorAnswer(400, 'InvalidAppData', 'x'))).toBe('InvalidAppData')
    expect(envelopeErrorType(textAnswer(502, '<html>bad gateway</html>'))).toBeUndefined()
    expect(envelopeErrorType(jsonAnswer(201, '0xabc'))).toBeUndefined()
    expect(envelopeErrorType(textAnswer(400, '{not json'))).toBeUndefined()
    expect(envelopeErrorType(jsonAnswer(400, { errorType: 7 }))).toBeUndefined()
  })

  it('write bigints from scenario YAML as decimal strings', () => {
    expect(stringifyJson({ amount: 2n ** 70n })).toBe('{"amount":"1180591620717411303424"}')
  })

  it('become Responses, without a body where HTTP allows none', async () => {
    const response = toResponse({ status: 429, headers: { 'retry-after': '5' }, body: 'slow down' })
    expect([response.status, response.headers.get('retry-after'), await response.text()]).toEqual([
      429,
      '5',
      'slow down',
    ])
    expect(await toResponse(emptyAnswer(204)).text()).toBe('')
    expect(() => toResponse(emptyAnswer(600))).toThrow(InvalidAnswerStatusError)
    expect(() => toResponse(emptyAnswer(101))).toThrow(/200\.\.599/)
  })
})
