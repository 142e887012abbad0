// Every row of every shipped policy, against the behaviour its source documents (docs/policies.md;
// the facts for watch-tower and shepherd): each case names the row it must fall under, and
// a policy whose rows are not all reached by some case fails. The SDK's classifier reads the same
// files: it must agree with the judge on every case (tests may cross-check the two).
import { readFileSync, writeFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HostError } from '../../engine/module-api/index.js'
import { SHIPPED_POLICY_DIR } from '../../engine/orderbook-policy/policy-files.js'
import { classifyOrderbookError } from '../../modules/sdk/cow/classify-orderbook-error.js'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import { tempDir } from '../../test/support/temp-dir.js'
import {
  POLICY_SCHEMA_FILE,
  type PolicyAnswer,
  type RepeatState,
  policyModel,
  policyVerdict,
  readPolicyFile,
} from './policy-model.js'

const env = (errorType: string) => JSON.stringify({ errorType, description: 'd' })

type Case = [label: string, answer: PolicyAnswer, row: number, expected: string, repeat?: RepeatState]

const A = (status: number | null, body?: string, retryAfter?: string): PolicyAnswer => ({ status, body, retryAfter })

const CASES: Record<string, Case[]> = {
  default: [
    ['201', A(201), 0, 'submitted'],
    ['no answer', A(null), 1, 'try-next-block'],
    ['a 302 redirect', A(302, 'moved'), 1, 'try-next-block'],
    ['500 SellAmountOverflow', A(500, env('SellAmountOverflow')), 2, 'drop'],
    ['502 gateway page', A(502, '<html>'), 3, 'try-next-block'],
    ['500 InternalServerError', A(500, env('InternalServerError')), 3, 'try-next-block'],
    ['429 Retry-After 5', A(429, 'slow', '5'), 4, 'backoff 5'],
    ['429 without Retry-After', A(429), 4, 'backoff 600'],
    ['404 NoLiquidity', A(404, env('NoLiquidity')), 5, 'backoff 600'],
    ['422 plain text', A(422, 'Failed to deserialize'), 6, 'drop'],
    ['403 Forbidden', A(403, env('Forbidden')), 7, 'drop'],
    ['401 WrongOwner', A(401, env('WrongOwner')), 7, 'drop'],
    ['411 empty', A(411, ''), 8, 'backoff 600'],
    ['400 DuplicatedOrder', A(400, env('DuplicatedOrder')), 9, 'already-submitted'],
    ['400 DuplicateOrder', A(400, env('DuplicateOrder')), 9, 'already-submitted'],
    ['400 InsufficientBalance', A(400, env('InsufficientBalance')), 10, 'backoff 600'],
    ['400 TooManyLimitOrders', A(400, env('TooManyLimitOrders')), 11, 'backoff 3600'],
    ['400 InvalidAppData', A(400, env('InvalidAppData')), 12, 'backoff 60'],
    ['400 TradingOutsideAllowedWindow', A(400, env('TradingOutsideAllowedWindow')), 13, 'backoff 600'],
    ['400 InsufficientLiquidity', A(400, env('InsufficientLiquidity')), 14, 'backoff 60'],
    ['400 TokenTemporarilySuspended', A(400, env('TokenTemporarilySuspended')), 15, 'backoff 3600'],
    ['400 TransferSimulationFailed', A(400, env('TransferSimulationFailed')), 16, 'try-next-block'],
    ['400 InvalidEip1271Signature, first', A(400, env('InvalidEip1271Signature')), 17, 'try-next-block', { block: 9 }],
    [
      '400 InvalidEip1271Signature, two blocks later',
      A(400, env('InvalidEip1271Signature')),
      17,
      'try-next-block',
      { block: 11, firstRejectedBlock: 9 },
    ],
    [
      '400 InvalidEip1271Signature, three blocks later',
      A(400, env('InvalidEip1271Signature')),
      17,
      'drop',
      { block: 12, firstRejectedBlock: 9 },
    ],
    ['400 InsufficientValidTo', A(400, env('InsufficientValidTo')), 18, 'try-next-block'],
    ['400 InvalidSignature', A(400, env('InvalidSignature')), 19, 'drop'],
    ['400 OldOrderActivelyBidOn', A(400, env('OldOrderActivelyBidOn')), 19, 'drop'],
    ['400 SomethingNew', A(400, env('SomethingNew')), -1, 'backoff 600'],
  ],
  'watch-tower': [
    ['201', A(201), 0, 'submitted'],
    ['400 DuplicatedOrder: SUCCESS', A(400, env('DuplicatedOrder')), 1, 'already-submitted'],
    ['400 InsufficientAllowance', A(400, env('InsufficientAllowance')), 2, 'backoff 600'],
    ['400 InsufficientBalance', A(400, env('InsufficientBalance')), 2, 'backoff 600'],
    ['400 TooManyLimitOrders: 1 h', A(400, env('TooManyLimitOrders')), 3, 'backoff 3600'],
    ['400 InvalidAppData: 60 s', A(400, env('InvalidAppData')), 4, 'backoff 60'],
    ['400 InvalidEip1271Signature: next block', A(400, env('InvalidEip1271Signature')), 5, 'try-next-block'],
    [
      '400 InvalidEip1271Signature: next block, every time',
      A(400, env('InvalidEip1271Signature')),
      5,
      'try-next-block',
      { block: 100, firstRejectedBlock: 1 },
    ],
    ['400 QuoteNotFound', A(400, env('QuoteNotFound')), 5, 'try-next-block'],
    ['400 SellAmountOverflow (only as a 400)', A(400, env('SellAmountOverflow')), 6, 'drop'],
    ['400 TransferSimulationFailed', A(400, env('TransferSimulationFailed')), 6, 'drop'],
    ['403 drop', A(403, env('Forbidden')), 7, 'drop'],
    ['404 retry in 10 min', A(404, env('NoLiquidity')), 8, 'backoff 600'],
    ['429 retry in 10 min, Retry-After ignored', A(429, 'slow', '5'), 9, 'backoff 600'],
    ['500 SellAmountOverflow: unexpected error', A(500, env('SellAmountOverflow')), -1, 'try-next-block'],
    ['400 unlisted errorType: unexpected error', A(400, env('QuoteNotVerified')), -1, 'try-next-block'],
    ['401: unexpected error', A(401, env('WrongOwner')), -1, 'try-next-block'],
    ['422: unexpected error', A(422, 'Failed to deserialize'), -1, 'try-next-block'],
    ['no answer: unexpected error', A(null), -1, 'try-next-block'],
  ],
  shepherd: [
    ['201', A(201), 0, 'submitted'],
    ['no answer: unavailable, ungated', A(null), 1, 'try-next-block'],
    ['502: unavailable, ungated', A(502, 'Bad Gateway'), 1, 'try-next-block'],
    ['500 SellAmountOverflow: unavailable', A(500, env('SellAmountOverflow')), 1, 'try-next-block'],
    ['429 Retry-After 3', A(429, '', '3'), 2, 'backoff 3'],
    ['400 DuplicatedOrder', A(400, env('DuplicatedOrder')), 3, 'already-submitted'],
    ['400 DuplicateOrder', A(400, env('DuplicateOrder')), 3, 'already-submitted'],
    ['400 InsufficientFee', A(400, env('InsufficientFee')), 4, 'try-next-block'],
    ['400 InsufficientValidTo', A(400, env('InsufficientValidTo')), 4, 'try-next-block'],
    ['400 TooManyLimitOrders: 30 s', A(400, env('TooManyLimitOrders')), 5, 'backoff 30'],
    ['400 InvalidEip1271Signature, first', A(400, env('InvalidEip1271Signature')), 6, 'try-next-block', { block: 5 }],
    [
      '400 InvalidEip1271Signature, same block again',
      A(400, env('InvalidEip1271Signature')),
      6,
      'try-next-block',
      { block: 5, firstRejectedBlock: 5 },
    ],
    [
      '400 InvalidEip1271Signature, a later block',
      A(400, env('InvalidEip1271Signature')),
      6,
      'drop',
      { block: 6, firstRejectedBlock: 5 },
    ],
    ['400 InsufficientBalance', A(400, env('InsufficientBalance')), 7, 'backoff 600'],
    ['400 InsufficientAllowance', A(400, env('InsufficientAllowance')), 7, 'backoff 600'],
    ['400 InvalidAppData: drop', A(400, env('InvalidAppData')), 8, 'drop'],
    ['400 ExcessiveValidTo', A(400, env('ExcessiveValidTo')), 8, 'drop'],
    ['400 unlisted TransferSimulationFailed: drop', A(400, env('TransferSimulationFailed')), -1, 'drop'],
    ['404 NoLiquidity (unlisted): drop', A(404, env('NoLiquidity')), -1, 'drop'],
    ['403 Forbidden (unlisted): drop', A(403, env('Forbidden')), -1, 'drop'],
  ],
}

const said = (v: { decision: string; seconds?: number | undefined }) =>
  v.seconds === undefined ? v.decision : `${v.decision} ${v.seconds}`

describe.each(Object.keys(CASES))('policies/%s.toml, row by row (the judge)', (name) => {
  const policy = policyModel(join(SHIPPED_POLICY_DIR, `${name}.toml`))
  const cases = CASES[name] as Case[]

  it.each(cases)('%s', (_label, answer, row, expected, repeat) => {
    const verdict = policyVerdict(policy, answer, repeat)
    expect({ row: verdict.row, said: said(verdict) }).toEqual({ row, said: expected })
  })

  it('every row is reached by a case', () => {
    const reached = new Set(cases.map((c) => c[2]))
    const missing = policy.rows.map((_r, i) => i).filter((i) => !reached.has(i))
    expect(missing).toEqual([])
  })

  it('the SDK classifier, reading the same file, agrees with the judge on every error case', () => {
    const sdkPolicy = shippedPolicy(name)
    for (const [label, answer, , , repeat] of cases) {
      if (answer.status === 201) continue
      const failure = new HostError({
        domain: 'cow-api',
        kind: 'denied',
        code: answer.status ?? 0,
        message: 'orderbook error',
        data: answer.body,
      })
      if (answer.retryAfter !== undefined)
        Object.defineProperty(failure, 'retryAfterSeconds', { value: Number(answer.retryAfter) })
      const sdk = classifyOrderbookError(failure, sdkPolicy, repeat)
      const judge = policyVerdict(policyModel(join(SHIPPED_POLICY_DIR, `${name}.toml`)), answer, repeat)
      expect({ label, row: sdk.rule, said: said(sdk) }).toEqual({ label, row: judge.row, said: said(judge) })
    }
  })
})

describe('readPolicyFile', () => {
  it('policies/policy.schema.json is a valid JSON Schema 2020-12 (the judge compiles it without that check)', () => {
    const ajv = new Ajv2020({ strict: false })
    const schema = JSON.parse(readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as object
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true)
    expect(ajv.validateSchema({ type: 'no-such-type' })).toBe(false)
  })

  it('checks the file against policies/policy.schema.json and names the key path', () => {
    const dir = tempDir('nexum-policy-model-')
    const file = join(dir, 'bad.toml')
    writeFileSync(
      file,
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\nstatus = 404\naction = "retry"\n',
    )
    expect(() => readPolicyFile(file)).toThrow(`${file}: rule[0].action: expected one of submitted,`)
    writeFileSync(file, 'version = 1\nname = "b"\n[default]\naction = "backoff"\n')
    expect(() => readPolicyFile(file)).toThrow(/default: expected a value that must have required property 'seconds'/)
  })
})
