import { describe, expect, it } from 'vitest'
import { tableVerdict } from './decision-table.js'

const env = (errorType: string) => JSON.stringify({ errorType, description: 'd' })
const verdict = (status: number | null, body?: string, retryAfter?: string) => {
  const v = tableVerdict({ status, body, retryAfter })
  return v && [v.row.answer.split(' ')[0], v.decision, v.seconds]
}

describe('the decision table, as the harness reads it', () => {
  it('picks the row of the spec for each kind of answer', () => {
    expect(verdict(201, '"0x01"')).toEqual(['201', 'submitted', undefined])
    expect(verdict(400, env('TransferSimulationFailed'))).toEqual(['400', 'try-next-block', undefined])
    expect(verdict(400, env('InsufficientAllowance'))).toEqual(['400', 'backoff', 600])
    expect(verdict(400, env('TooManyLimitOrders'))).toEqual(['400', 'backoff', 3600])
    expect(verdict(400, env('DuplicateOrder'))).toEqual(['400', 'already-submitted', undefined])
    expect(verdict(400, env('InvalidSignature'))).toEqual(['400', 'drop', undefined])
    expect(verdict(400, env('SomethingNew'))).toEqual(['400', 'backoff', 600])
    expect(verdict(400, '')).toEqual(['a', 'backoff', 600])
    expect(verdict(403, env('Forbidden'))).toEqual(['403', 'drop', undefined])
    expect(verdict(404, 'nope')).toEqual(['404', 'backoff', 600])
    expect(verdict(429, '', '17')).toEqual(['429', 'backoff', 17])
    expect(verdict(429, '')).toEqual(['429', 'backoff', 600])
    expect(verdict(500, env('SellAmountOverflow'))).toEqual(['500', 'drop', undefined])
    expect(verdict(500, env('InternalServerError'))).toEqual(['5xx,', 'try-next-block', undefined])
    expect(verdict(401, env('WrongOwner'))).toEqual(['401', 'drop', undefined])
    expect(verdict(401, 'Unauthorized')).toEqual(['401', 'drop', undefined])
    expect(verdict(422, 'Failed to deserialize')).toEqual(['422', 'drop', undefined])
    expect(verdict(422, env('InvalidSignature'))).toEqual(['400', 'drop', undefined])
    expect(verdict(411, '')).toEqual(['a', 'backoff', 600])
    expect(verdict(400, env('TradingOutsideAllowedWindow'))).toEqual(['400', 'backoff', 600])
    expect(verdict(400, env('CustomSolverError'))).toEqual(['400', 'backoff', 60])
    expect(verdict(400, env('TokenTemporarilySuspended'))).toEqual(['400', 'backoff', 3600])
    expect(verdict(400, env('OldOrderActivelyBidOn'))).toEqual(['400', 'drop', undefined])
    expect(verdict(502, '<html>502 Bad Gateway</html>')).toEqual(['5xx,', 'try-next-block', undefined])
    expect(verdict(null)).toEqual(['transport', 'try-next-block', undefined])
    expect(verdict(302, '')).toEqual(['transport', 'try-next-block', undefined])
  })
})
