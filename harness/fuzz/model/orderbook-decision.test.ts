import { describe, expect, it } from 'vitest'
import { REJECTION_NAMES } from '../../orderbook/rejection-catalogue.js'
import { expectedDecision, tableAnswerOf } from './orderbook-decision.js'

describe('the model asks the active policy, through the harness evaluator', () => {
  it('has a row for every rejection of the catalogue the fuzzer may script', () => {
    for (const name of REJECTION_NAMES) expect(expectedDecision({ kind: 'reject', name }).decision, name).toBeTruthy()
  })

  it('reads the answer as sent: envelope, plain text, Retry-After, and no answer past the timeout', () => {
    expect(tableAnswerOf({ kind: 'reject', name: 'JsonDataError' })).toMatchObject({ status: 422 })
    expect(expectedDecision({ kind: 'reject', name: 'SellAmountOverflow' })).toEqual({ decision: 'drop' })
    expect(expectedDecision({ kind: 'reject', name: 'InternalServerError' }).decision).toBe('try-next-block')
    expect(expectedDecision({ kind: 'reject', name: 'WrongOwner', status: 401 }).decision).toBe('drop')
    expect(expectedDecision({ kind: 'status', status: 429, text: '', retryAfter: '7' })).toEqual({
      decision: 'backoff',
      seconds: 7,
    })
    expect(expectedDecision({ kind: 'status', status: 429, text: '', retryAfter: 'soon' }).seconds).toBe(600)
    expect(expectedDecision({ kind: 'reject', name: 'DuplicatedOrder', delay: 9 }).decision).toBe('already-submitted')
    expect(expectedDecision({ kind: 'reject', name: 'DuplicatedOrder', delay: 10 }).decision).toBe('try-next-block')
    expect(expectedDecision({ kind: 'never' }).decision).toBe('try-next-block')
  })

  it('follows a drop-on-repeat row per order: the repeat three blocks after the first drops', () => {
    const invalid = { kind: 'reject', name: 'InvalidEip1271Signature' } as const
    expect(expectedDecision(invalid)).toEqual({ decision: 'try-next-block', onRepeat: true })
    expect(expectedDecision(invalid, undefined, { block: 12, firstRejectedBlock: 10 }).decision).toBe('try-next-block')
    expect(expectedDecision(invalid, undefined, { block: 13, firstRejectedBlock: 10 }).decision).toBe('drop')
  })
})
