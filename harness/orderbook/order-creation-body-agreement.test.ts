// The generated createOrder body validator (decision 0236) answers exactly as openapi-backend's
// runtime-compiled one, the reference it was generated from: the same verdict, the same Ajv error
// objects and so the same SchemaIssues (which reach the fake orderbook's 400 answers), on every
// body the scenario library posts and on generated bodies, valid and broken in every field.
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { runScenarios } from '../run/run-scenarios.js'
import { validate as generated } from './generated/order-creation-body-validator.js'
import { OrderCreationValidator, sharedOrderCreationValidator } from './order-creation-validator.js'
import { compileReferenceBodyValidator } from './standalone-validators.js'
import { presignOrderBody } from './test-helpers.js'

const reference = compileReferenceBodyValidator()
const referenceIssues = new OrderCreationValidator(reference)
const generatedIssues = new OrderCreationValidator()

/** Both validators on one body: verdict, raw errors and the SchemaIssues built from them. */
function expectAgreement(body: unknown): void {
  const request = { requestBody: body }
  const verdict = generated(request)
  const errors = generated.errors
  expect({ verdict, errors }).toStrictEqual({ verdict: reference(request), errors: reference.errors })
  expect(generatedIssues.validate(body)).toStrictEqual(referenceIssues.validate(body))
}

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
const decimal = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }).map(String)

/** OrderCreation bodies the schema accepts, optional fields present, null or absent. */
const validBody = fc
  .record(
    {
      sellToken: hex(20),
      buyToken: hex(20),
      receiver: fc.option(hex(20)),
      sellAmount: decimal,
      buyAmount: decimal,
      validTo: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      appData: fc.oneof(fc.constant('{}'), fc.json(), hex(32)),
      appDataHash: fc.option(hex(32)),
      feeAmount: decimal,
      kind: fc.constantFrom('buy', 'sell'),
      partiallyFillable: fc.boolean(),
      sellTokenBalance: fc.constantFrom('erc20', 'internal', 'external'),
      buyTokenBalance: fc.constantFrom('erc20', 'internal'),
      signingScheme: fc.constantFrom('eip712', 'ethsign', 'presign', 'eip1271'),
      signature: fc.oneof(fc.constant('0x'), hex(65), hex(20)),
      from: fc.option(hex(20)),
      quoteId: fc.option(fc.integer()),
    },
    {
      requiredKeys: [
        'sellToken',
        'buyToken',
        'sellAmount',
        'buyAmount',
        'validTo',
        'appData',
        'feeAmount',
        'kind',
        'partiallyFillable',
        'signingScheme',
        'signature',
      ],
    },
  )
  .map((body) => body as Record<string, unknown>)

/** Every field of OrderCreation. */
const FIELDS = [...Object.keys(presignOrderBody()), 'quoteId', 'fullBalanceCheck']

/** Strings a hostile client sends: control characters, lone surrogates, huge, prototype names. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', '\u0000', '\ud800', '\udfff\ud800', 'sell\n', 'SELL', ' buy', '__proto__', 'constructor'),
  fc.constantFrom('0x', `0x${'g'.repeat(40)}`, 'x'.repeat(100_000), '-1', '1e400', 'NaN'),
)

/** Any JSON value, a deep one, or a hostile string. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(1.5, -0, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, true, null, [], {}),
  fc.nat({ max: 2_000 }).map((depth) => nested(depth)),
)

function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { kind: value }
  return value
}

/** One way to break a body (or to leave it valid with a harmless change). */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), field: fc.constantFrom(...FIELDS) }),
  fc.record({ op: fc.constant('set' as const), field: fc.constantFrom(...FIELDS), value: anyValue }),
  fc.record({
    op: fc.constant('extra' as const),
    field: fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
    value: anyValue,
  }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

/** Applied on a JSON round trip, so a `__proto__` key is an own property, as JSON.parse makes it. */
function mutate(body: Record<string, unknown>, mutations: Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>
  for (const m of mutations) {
    if (m.op === 'delete') delete copy[m.field]
    else Object.defineProperty(copy, m.field, { value: m.value, enumerable: true, writable: true, configurable: true })
  }
  return copy
}

describe('the generated createOrder body validator agrees with openapi-backend', () => {
  it('on every order body the scenario library posts', async () => {
    const posted: unknown[] = []
    const shared = sharedOrderCreationValidator()
    const spy = vi.spyOn(shared, 'validate').mockImplementation(function (this: OrderCreationValidator, body) {
      posted.push(structuredClone(body))
      return OrderCreationValidator.prototype.validate.call(this, body)
    })
    // One thread: every orderbook of the run is this thread's, so the spy sees every body.
    const results = await runScenarios({ paths: ['scenarios'], mode: 'fixture', threads: 1 }).finally(() =>
      spy.mockRestore(),
    )
    expect(results.filter((r) => r.status !== 'passed').map((r) => r.file)).toEqual([])
    expect(posted.length).toBeGreaterThan(20)
    // The library's modules post well-formed bodies; the broken ones are generated below.
    for (const body of posted) expectAgreement(body)
  }, 600_000)

  it('on valid bodies', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        expect(generated({ requestBody: body }), JSON.stringify(generated.errors)).toBe(true)
        expectAgreement(body)
      }),
      { numRuns: 300 },
    )
  })

  it('on bodies broken in every field: missing, wrong type, outside the enum, extra keys, hostile strings', () => {
    fc.assert(
      fc.property(validBody, fc.array(mutation, { minLength: 1, maxLength: 4 }), (body, mutations) => {
        expectAgreement(mutate(body, mutations))
      }),
      { numRuns: 1_000 },
    )
  })

  it('on bodies that are not objects, and on no body', () => {
    for (const body of [undefined, null, [], [presignOrderBody()], 'order', 0, true, nested(5_000)])
      expectAgreement(body)
    fc.assert(
      fc.property(anyValue, (body) => expectAgreement(body)),
      { numRuns: 300 },
    )
  })

  it('on the fixed cases of order-creation-validator.test.ts', () => {
    const missingKind = presignOrderBody()
    delete missingKind.kind
    for (const body of [
      presignOrderBody(),
      missingKind,
      presignOrderBody({ kind: 'swap' }),
      presignOrderBody({ validTo: '1750003600' }),
      presignOrderBody({ receiver: 5 }),
    ])
      expectAgreement(body)
  })
})
