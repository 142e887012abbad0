import { describe, expect, it } from 'vitest'
import { sharedOrderCreationValidator } from './order-creation-validator.js'
import { presignOrderBody } from './test-helpers.js'

describe('OrderCreationValidator', async () => {
  const validator = await sharedOrderCreationValidator()

  it('accepts a PreSign order with signature 0x and an ECDSA-length signature alike', () => {
    expect(validator.validate(presignOrderBody())).toEqual([])
    expect(
      validator.validate(presignOrderBody({ signingScheme: 'eip712', signature: `0x${'ab'.repeat(65)}` })),
    ).toEqual([])
  })

  it('accepts the optional fields absent or null, and ignores unknown ones (as serde does)', () => {
    const body = presignOrderBody({ appDataHash: null, from: null, quoteId: null, extra: true })
    delete body.receiver
    delete body.sellTokenBalance
    expect(validator.validate(body)).toEqual([])
  })

  it('names a missing required field the way serde does', () => {
    const body = presignOrderBody()
    delete body.kind
    expect(validator.validate(body)).toEqual([{ field: 'kind', message: 'missing field `kind`' }])
  })

  it('names a value outside an enum, with the allowed values', () => {
    const [issue] = validator.validate(presignOrderBody({ kind: 'swap' }))
    expect(issue).toEqual({ field: 'kind', message: 'kind: must be equal to one of the allowed values (buy, sell)' })
  })

  it('names a wrong JSON type', () => {
    expect(validator.validate(presignOrderBody({ validTo: '1750003600' }))[0]).toEqual({
      field: 'validTo',
      message: 'validTo: must be integer',
    })
    expect(validator.validate(presignOrderBody({ receiver: 5 }))[0]?.field).toBe('receiver')
  })

  it('refuses a body that is not an object', () => {
    expect(validator.validate([1, 2])[0]?.message).toBe('must be object')
  })
})
