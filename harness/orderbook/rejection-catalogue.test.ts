import { describe, expect, it } from 'vitest'
import { parseOrderbookErrorBody } from '../../engine/module-api/index.js'
import { REJECTION_CATALOGUE, REJECTION_NAMES, UnknownRejectionError, catalogueAnswer } from './rejection-catalogue.js'

describe('the rejection catalogue', () => {
  it('answers an envelope rejection with its status, JSON content type and the server’s description', () => {
    expect(catalogueAnswer('InsufficientBalance')).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"errorType":"InsufficientBalance","description":"order owner must have funds worth at least x in his account"}',
    })
    expect(catalogueAnswer('SellAmountOverflow').status).toBe(500)
    expect(catalogueAnswer('Forbidden').status).toBe(403)
    expect(catalogueAnswer('NoLiquidity').status).toBe(404)
  })

  it('answers the framework’s rejections in plain text, and LengthRequired with nothing', () => {
    expect(catalogueAnswer('JsonDataError')).toEqual({
      status: 422,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Failed to deserialize the JSON body into the target type: missing field `sellToken`',
    })
    expect(catalogueAnswer('LengthLimitError').status).toBe(413)
    expect(catalogueAnswer('MissingJsonContentType').status).toBe(415)
    expect(catalogueAnswer('LengthRequired')).toEqual({ status: 411, headers: {}, body: '' })
  })

  it('lets description and status adjust an entry (the 401 WrongOwner of a replacement)', () => {
    const answer = catalogueAnswer('WrongOwner', {
      status: 401,
      description: 'Old and new orders have different signers',
    })
    expect([answer.status, parseOrderbookErrorBody(answer.body)]).toEqual([
      401,
      { errorType: 'WrongOwner', description: 'Old and new orders have different signers' },
    ])
    expect(catalogueAnswer('JsonSyntaxError', { description: 'x' }).body).toBe('x')
  })

  it('every envelope entry is read back by the one parser as its own name', () => {
    for (const name of REJECTION_NAMES) {
      const entry = REJECTION_CATALOGUE.get(name)
      const parsed = parseOrderbookErrorBody(catalogueAnswer(name).body)
      expect(parsed?.errorType, name).toBe(entry?.kind === 'envelope' ? name : undefined)
    }
  })

  it('refuses a name it does not have', () => {
    expect(() => catalogueAnswer('NoSuchThing')).toThrow(UnknownRejectionError)
  })
})
