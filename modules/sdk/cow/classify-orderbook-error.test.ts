import { describe, it, expect } from 'vitest'
import { HostError, MAX_RETRY_AFTER_SECONDS } from '../../../engine/module-api/index.js'
import { shippedPolicy } from '../../../test/support/orderbook-policy.js'
import {
  type OrderbookFailure,
  type RepeatMemory,
  classifyOrderbookError as classifyBy,
} from './classify-orderbook-error.js'

// Today's table is policies/default.toml: every row of it, through the SDK's evaluator.
const classifyOrderbookError = (failure: OrderbookFailure, repeat?: RepeatMemory) =>
  classifyBy(failure, shippedPolicy('default'), repeat)

const envelope = (errorType: string, description = 'd') => JSON.stringify({ errorType, description })

function rejection(status: number, data?: string, extra: Partial<{ message: string; kind: HostError['kind'] }> = {}) {
  const kind = extra.kind ?? (status === 429 ? 'rate-limited' : status >= 500 ? 'unavailable' : 'denied')
  return new HostError({
    domain: 'cow-api',
    kind,
    code: status,
    message: extra.message ?? `orderbook answered ${status}`,
    data,
  })
}

describe('classifyOrderbookError: the orderbook.md decision table', () => {
  it.each(['DuplicatedOrder', 'DuplicateOrder'])('400 %s → already-submitted', (type) => {
    expect(classifyOrderbookError(rejection(400, envelope(type, 'order already exists')))).toEqual({
      decision: 'already-submitted',
      status: 400,
      errorType: type,
      description: 'order already exists',
      action: 'already-submitted',
      rule: 9,
      policy: 'default',
    })
  })

  it.each([
    ['InsufficientBalance', 600],
    ['InsufficientAllowance', 600],
    ['TooManyLimitOrders', 3600],
    ['InvalidAppData', 60],
  ])('400 %s → backoff %i s', (type, seconds) => {
    const c = classifyOrderbookError(rejection(400, envelope(type)))
    expect(c).toMatchObject({ decision: 'backoff', seconds, status: 400, errorType: type })
    expect(c.unknownType).toBeUndefined()
  })

  it.each([
    'TransferSimulationFailed',
    'QuoteNotFound',
    'InvalidQuote',
    'InsufficientValidTo',
    'QuoteNotVerified',
    'InsufficientFee',
    'PriceExceedsMarketPrice',
  ])('400 %s → try-next-block', (type) => {
    expect(classifyOrderbookError(rejection(400, envelope(type)))).toMatchObject({
      decision: 'try-next-block',
      status: 400,
      errorType: type,
    })
  })

  it.each([
    'InvalidSignature',
    'WrongOwner',
    'MissingFrom',
    'IncompatibleSigningScheme',
    'ZeroAmount',
    'SameBuyAndSellToken',
    'UnsupportedToken',
    'UnsupportedBuyTokenDestination',
    'UnsupportedSellTokenSource',
    'UnsupportedOrderType',
    'ExcessiveValidTo',
    'InvalidNativeSellToken',
    'TooMuchGas',
    'AppDataHashMismatch',
    'AppdataFromMismatch',
    'NonZeroFee',
    'InvalidValidFrom',
    'TransferEthToContract',
  ])('400 %s → drop', (type) => {
    expect(classifyOrderbookError(rejection(400, envelope(type)))).toMatchObject({
      decision: 'drop',
      status: 400,
      errorType: type,
    })
  })

  it('404 → backoff 600 whatever the body', () => {
    expect(classifyOrderbookError(rejection(404, envelope('NoLiquidity')))).toMatchObject({
      decision: 'backoff',
      seconds: 600,
      status: 404,
      errorType: 'NoLiquidity',
    })
    expect(classifyOrderbookError(rejection(404, '<html>nope</html>'))).toMatchObject({
      decision: 'backoff',
      seconds: 600,
    })
    expect(classifyOrderbookError(rejection(404))).toMatchObject({ decision: 'backoff', seconds: 600 })
  })

  it('403 → drop whatever the body', () => {
    expect(classifyOrderbookError(rejection(403, envelope('Forbidden')))).toMatchObject({
      decision: 'drop',
      status: 403,
      errorType: 'Forbidden',
    })
    expect(classifyOrderbookError(rejection(403, 'denied'))).toMatchObject({ decision: 'drop', status: 403 })
  })

  it('429 without Retry-After → backoff 600, with or without a body', () => {
    expect(classifyOrderbookError(rejection(429))).toMatchObject({ decision: 'backoff', seconds: 600, status: 429 })
    expect(classifyOrderbookError(rejection(429, 'Too Many Requests'))).toMatchObject({
      decision: 'backoff',
      seconds: 600,
    })
  })

  it('429 with a structural retryAfterSeconds → backoff that many seconds', () => {
    const err = Object.assign(rejection(429), { retryAfterSeconds: 42 })
    expect(classifyOrderbookError(err)).toMatchObject({ decision: 'backoff', seconds: 42, status: 429 })
  })

  it('reads Retry-After only from the structural property the engine parsed, never from the message', () => {
    const err = Object.assign(rejection(429, undefined, { message: 'x (retry-after 7)' }), { retryAfterSeconds: 30 })
    expect(classifyOrderbookError(err)).toMatchObject({ decision: 'backoff', seconds: 30 })
    const messageOnly = rejection(429, undefined, { message: 'orderbook answered 429 (retry-after 7)' })
    expect(classifyOrderbookError(messageOnly)).toMatchObject({ decision: 'backoff', seconds: 600 })
  })

  it('rounds a fractional retryAfterSeconds up, clamps it to a day, and ignores a negative or non-number one', () => {
    const backoff = (retryAfterSeconds: unknown) =>
      classifyOrderbookError(Object.assign(rejection(429), { retryAfterSeconds }) as OrderbookFailure)
    expect(backoff(1.2)).toMatchObject({ seconds: 2 })
    expect(backoff(1e21)).toMatchObject({ seconds: MAX_RETRY_AFTER_SECONDS })
    expect(backoff(-1)).toMatchObject({ seconds: 600 })
    expect(backoff('30')).toMatchObject({ seconds: 600 })
  })

  it('400 with an unknown errorType → backoff 600 flagged unknownType', () => {
    expect(classifyOrderbookError(rejection(400, envelope('SomethingNew', 'from the future')))).toEqual({
      decision: 'backoff',
      seconds: 600,
      status: 400,
      errorType: 'SomethingNew',
      description: 'from the future',
      action: 'backoff',
      rule: -1,
      policy: 'default',
      unknownType: true,
    })
  })

  it.each([500, 502, 503, 504, 599])('%i → try-next-block', (status) => {
    expect(classifyOrderbookError(rejection(status, 'Bad Gateway'))).toMatchObject({
      decision: 'try-next-block',
      status,
    })
  })

  it('500 SellAmountOverflow → drop (the same order overflows every time)', () => {
    expect(classifyOrderbookError(rejection(500, envelope('SellAmountOverflow', 'x')))).toMatchObject({
      decision: 'drop',
      status: 500,
      errorType: 'SellAmountOverflow',
    })
  })

  it.each(['MetadataSerializationFailed', 'InternalServerError'])('500 %s → try-next-block', (type) => {
    expect(classifyOrderbookError(rejection(500, envelope(type, '')))).toMatchObject({
      decision: 'try-next-block',
      status: 500,
      errorType: type,
      description: '',
    })
  })

  it.each([
    ['HTML', '<html><body>Bad Request</body></html>'],
    ['text', 'bad request'],
    ['empty', ''],
    ['absent', undefined],
    ['a JSON string', JSON.stringify('InvalidSignature')],
    ['JSON without errorType', JSON.stringify({ message: 'unprocessable' })],
  ])('400 with a non-envelope body (%s) → backoff 600', (_name, body) => {
    const c = classifyOrderbookError(rejection(400, body))
    expect(c).toMatchObject({ decision: 'backoff', seconds: 600, status: 400 })
    expect(c.errorType).toBeUndefined()
    expect(c.unknownType).toBeUndefined()
  })

  it('a body without description is still the envelope: classified by its errorType', () => {
    expect(classifyOrderbookError(rejection(400, JSON.stringify({ errorType: 'InvalidSignature' })))).toMatchObject({
      decision: 'drop',
      errorType: 'InvalidSignature',
      description: '',
    })
  })

  it.each([
    ['TradingOutsideAllowedWindow', 600],
    ['InsufficientLiquidity', 60],
    ['CustomSolverError', 60],
    ['TokenTemporarilySuspended', 3600],
  ])('400 %s (price estimation) → backoff %i s', (type, seconds) => {
    const c = classifyOrderbookError(rejection(400, envelope(type)))
    expect(c).toMatchObject({ decision: 'backoff', seconds, errorType: type })
    expect(c.unknownType).toBeUndefined()
  })

  it('400 OldOrderActivelyBidOn → drop', () => {
    expect(classifyOrderbookError(rejection(400, envelope('OldOrderActivelyBidOn')))).toMatchObject({
      decision: 'drop',
    })
  })

  it.each([
    ['an envelope', envelope('WrongOwner', 'Old and new orders have different signers')],
    ['no envelope', 'Unauthorized'],
    ['no body', undefined],
  ])('401 with %s → drop', (_name, body) => {
    expect(classifyOrderbookError(rejection(401, body))).toMatchObject({ decision: 'drop', status: 401 })
  })

  it('422 plain text → drop, flagged malformedRequest, the body as description', () => {
    const text = 'Failed to deserialize the JSON body into the target type: missing field `kind`'
    expect(classifyOrderbookError(rejection(422, text))).toEqual({
      decision: 'drop',
      status: 422,
      errorType: undefined,
      description: text,
      action: 'drop',
      rule: 6,
      policy: 'default',
      malformedRequest: true,
    })
    expect(classifyOrderbookError(rejection(422, 'x'.repeat(1000))).description).toHaveLength(300)
  })

  it.each([411, 413, 415])('%i with a non-envelope body → backoff 600', (status) => {
    expect(classifyOrderbookError(rejection(status, 'Unprocessable'))).toMatchObject({
      decision: 'backoff',
      seconds: 600,
      status,
    })
  })

  it('another 4xx carrying a known envelope is classified by its errorType (401 WrongOwner → drop)', () => {
    expect(classifyOrderbookError(rejection(401, envelope('WrongOwner')))).toMatchObject({
      decision: 'drop',
      status: 401,
    })
  })

  it('transport failure or timeout (code 0) → try-next-block', () => {
    const transport = new HostError({ domain: 'cow-api', kind: 'unavailable', code: 0, message: 'fetch failed' })
    const timeout = new HostError({ domain: 'cow-api', kind: 'timeout', code: 0, message: 'timed out' })
    expect(classifyOrderbookError(transport)).toEqual({
      decision: 'try-next-block',
      status: 0,
      errorType: undefined,
      description: undefined,
      action: 'try-next-block',
      rule: 1,
      policy: 'default',
    })
    expect(classifyOrderbookError(timeout)).toMatchObject({ decision: 'try-next-block', status: 0 })
  })

  it('accepts a plain object shaped like a HostError', () => {
    expect(classifyOrderbookError({ code: 400, data: envelope('ZeroAmount'), kind: 'denied' })).toMatchObject({
      decision: 'drop',
    })
  })
})

describe('drop-on-repeat: 400 InvalidEip1271Signature (three blocks of grace, decision 0079)', () => {
  const invalid = rejection(400, envelope('InvalidEip1271Signature'))
  it('the first rejection tries the next block', () => {
    expect(classifyOrderbookError(invalid)).toMatchObject({ decision: 'try-next-block', action: 'drop-on-repeat' })
    expect(classifyOrderbookError(invalid, { block: 7 })).toMatchObject({ decision: 'try-next-block' })
  })
  it('a repeat inside the grace tries again; from the third block on it drops', () => {
    expect(classifyOrderbookError(invalid, { block: 7, firstRejectedBlock: 7 })).toMatchObject({
      decision: 'try-next-block',
    })
    expect(classifyOrderbookError(invalid, { block: 9, firstRejectedBlock: 7 })).toMatchObject({
      decision: 'try-next-block',
    })
    expect(classifyOrderbookError(invalid, { block: 10, firstRejectedBlock: 7 })).toMatchObject({
      decision: 'drop',
      action: 'drop-on-repeat',
    })
  })
})
