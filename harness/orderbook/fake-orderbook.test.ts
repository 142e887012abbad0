import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import { keccak256, stringToHex } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import type { OrderbookBehaviour } from '../scenario/types.js'
import {
  FAKE_ORDERBOOK_VERSION,
  FakeOrderbook,
  OrderbookUnreachableError,
  UNHANDLED_REQUEST_MESSAGE,
} from './fake-orderbook.js'
import type { OrderbookAnswer } from './orderbook-http.js'
import {
  JSON_HEADERS,
  ManualClock,
  OWNER,
  SEPOLIA,
  SEPOLIA_ROOT,
  START_MS,
  presignOrderBody,
  settle,
} from './test-helpers.js'

const ORDERS_URL = `${SEPOLIA_ROOT}/api/v1/orders`

/** The UID computed independently with the CoW contracts library (ethers 5). */
function referenceUid(body: Record<string, unknown>, chainId = SEPOLIA): string {
  const domain = {
    name: 'Gnosis Protocol',
    version: 'v2',
    chainId,
    verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
  }
  return cowOrder
    .computeOrderUid(
      domain,
      {
        sellToken: body.sellToken as string,
        buyToken: body.buyToken as string,
        receiver: (body.receiver as string | null) ?? undefined,
        sellAmount: body.sellAmount as string,
        buyAmount: body.buyAmount as string,
        validTo: body.validTo as number,
        appData: keccak256(stringToHex(body.appData as string)),
        feeAmount: body.feeAmount as string,
        kind: body.kind === 'sell' ? cowOrder.OrderKind.SELL : cowOrder.OrderKind.BUY,
        partiallyFillable: body.partiallyFillable as boolean,
        sellTokenBalance: cowOrder.OrderBalance.ERC20,
        buyTokenBalance: cowOrder.OrderBalance.ERC20,
      },
      body.from as string,
    )
    .toLowerCase()
}

const json = (answer: OrderbookAnswer): unknown => JSON.parse(answer.body)

describe('FakeOrderbook', () => {
  let clock: ManualClock
  let book: FakeOrderbook

  const make = async (behaviour?: OrderbookBehaviour, roots?: Map<string, number>) => {
    book = await FakeOrderbook.create({ clock, behaviour, roots })
    return book
  }
  const post = (body: unknown, url = ORDERS_URL, headers: Record<string, string> = JSON_HEADERS) =>
    book.handle({ method: 'POST', url, headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const get = (path: string, root = SEPOLIA_ROOT) => book.handle({ method: 'GET', url: `${root}${path}`, headers: {} })
  const put = (path: string, body: unknown) =>
    book.handle({ method: 'PUT', url: `${SEPOLIA_ROOT}${path}`, headers: JSON_HEADERS, body: JSON.stringify(body) })

  beforeEach(async () => {
    clock = new ManualClock()
    await make()
  })

  describe('accept (the working fake)', () => {
    it('accepts a valid PreSign order with 201 and the real order UID', async () => {
      const body = presignOrderBody()
      const answer = await post(body)
      expect(answer.status).toBe(201)
      expect(answer.headers['content-type']).toBe('application/json')
      expect(json(answer)).toBe(referenceUid(body))
      expect(book.exchanges).toEqual([
        {
          seq: 0,
          chainId: SEPOLIA,
          method: 'POST',
          path: '/api/v1/orders',
          rule: undefined,
          status: 201,
          errorType: undefined,
          uid: referenceUid(body),
        },
      ])
    })

    it('gives each chain its own settlement domain', async () => {
      const body = presignOrderBody()
      const answer = await post(body, 'https://api.cow.fi/mainnet/api/v1/orders')
      expect(json(answer)).toBe(referenceUid(body, 1))
    })

    it('answers the same UID again with DuplicatedOrder, exactly as the server', async () => {
      await post(presignOrderBody())
      const again = await post(presignOrderBody())
      expect(again.status).toBe(400)
      expect(again.body).toBe('{"errorType":"DuplicatedOrder","description":"order already exists"}')
      expect(book.exchanges[1]).toMatchObject({
        status: 400,
        errorType: 'DuplicatedOrder',
        uid: referenceUid(presignOrderBody()),
      })
    })

    it('serves a stored order in the Order shape', async () => {
      clock.advance(1234)
      const body = presignOrderBody({ signingScheme: 'eip1271', signature: '0xc0ffee' })
      const uid = json(await post(body)) as string
      const answer = await get(`/api/v1/orders/${uid.toUpperCase().replace('0X', '0x')}`)
      expect(answer.status).toBe(200)
      expect(json(answer)).toMatchObject({
        uid,
        owner: OWNER,
        creationDate: new Date(START_MS + 1234).toISOString(),
        status: 'open',
        class: 'limit',
        invalidated: false,
        executedSellAmount: '0',
        executedBuyAmount: '0',
        sellToken: body.sellToken,
        sellAmount: body.sellAmount,
        validTo: body.validTo,
        appData: keccak256(stringToHex('{}')),
        fullAppData: '{}',
        signingScheme: 'eip1271',
        signature: '0xc0ffee',
        settlementContract: '0x9008d19f58aabd9ed0d60971565aa8510560ab41',
      })
    })

    it('keeps a PreSign order presignaturePending (the fake sees no pre-signature on chain)', async () => {
      const uid = json(await post(presignOrderBody())) as string
      expect(json(await get(`/api/v1/orders/${uid}`))).toMatchObject({ status: 'presignaturePending' })
    })

    it('answers an unknown order with NotFound, a malformed UID with a bare 404, per chain', async () => {
      const uid = json(await post(presignOrderBody())) as string
      const unknown = await get(`/api/v1/orders/0x${'ab'.repeat(56)}`)
      expect([unknown.status, unknown.body]).toEqual([
        404,
        '{"errorType":"NotFound","description":"Order was not found"}',
      ])
      expect(await get('/api/v1/orders/0x1234')).toEqual({ status: 404, headers: {}, body: '' })
      expect((await get(`/api/v1/orders/${uid}`, 'https://api.cow.fi/mainnet')).status).toBe(404)
      expect(book.failures).toEqual([])
    })

    it('refuses a body that breaks the OrderCreation schema with 422 InvalidJson naming the field', async () => {
      const body = presignOrderBody()
      delete body.sellAmount
      const answer = await post(body)
      expect(answer.status).toBe(422)
      expect(json(answer)).toEqual({
        errorType: 'InvalidJson',
        description: 'Failed to deserialize the JSON body into the target type: missing field `sellAmount`',
      })
      const wrongKind = await post(presignOrderBody({ kind: 'swap' }))
      expect(json(wrongKind)).toMatchObject({
        description: expect.stringContaining('kind: must be equal to one of the allowed values'),
      })
      const badAddress = await post(presignOrderBody({ buyToken: '0x12' }))
      expect([badAddress.status, (json(badAddress) as { description: string }).description]).toEqual([
        422,
        'Failed to deserialize the JSON body into the target type: buyToken: invalid address "0x12", expected 20 bytes of 0x-prefixed hex',
      ])
    })

    it('refuses text that is not JSON with 400, and a body without a JSON content type with 415', async () => {
      const syntax = await post('{"sellToken":')
      expect(syntax.status).toBe(400)
      expect(json(syntax)).toMatchObject({
        errorType: 'InvalidJson',
        description: expect.stringMatching(/^Failed to parse the request body as JSON/),
      })
      const noType = await post(presignOrderBody(), ORDERS_URL, { 'content-type': 'text/plain' })
      expect(noType.status).toBe(415)
      expect(book.orderPosts()).toEqual({ posts: 2, accepted: 0, rejected: 2 })
    })

    it('checks appDataHash against the full appData', async () => {
      const answer = await post(presignOrderBody({ appData: '{"appCode":"nexum"}' }))
      expect(answer.status).toBe(400)
      expect(json(answer)).toMatchObject({ errorType: 'AppDataHashMismatch' })
    })

    it('judges validTo by the injected clock', async () => {
      clock.advance(3600_000 - 59_000)
      expect(json(await post(presignOrderBody()))).toMatchObject({ errorType: 'InsufficientValidTo' })
    })
  })

  describe('app data', () => {
    const doc = '{"appCode":"nexum-sim"}'
    const hash = keccak256(stringToHex(doc))

    it('knows {} from the start', async () => {
      const answer = await get(`/api/v1/app_data/${keccak256(stringToHex('{}'))}`)
      expect([answer.status, answer.body]).toEqual([200, '{"fullAppData":"{}"}'])
    })

    it('registers by hash (201, then 200), serves it, and accepts orders carrying only the hash', async () => {
      expect((await get(`/api/v1/app_data/${hash}`)).body).toBe('full app data not found')
      const first = await put(`/api/v1/app_data/${hash}`, { fullAppData: doc })
      expect([first.status, json(first)]).toEqual([201, hash])
      expect((await put(`/api/v1/app_data/${hash}`, { fullAppData: doc })).status).toBe(200)
      expect(json(await get(`/api/v1/app_data/${hash}`))).toEqual({ fullAppData: doc })
      const order = await post(presignOrderBody({ appData: hash, appDataHash: null }))
      expect(order.status).toBe(201)
    })

    it('refuses an order whose app-data hash has no known document', async () => {
      const answer = await post(presignOrderBody({ appData: hash, appDataHash: null }))
      expect(json(answer)).toEqual({
        errorType: 'InvalidAppData',
        description: `Unknown pre-image for app data hash ${hash}`,
      })
    })

    it('registers without a hash, and refuses a document that does not hash to the path', async () => {
      expect(json(await put('/api/v1/app_data', { fullAppData: doc }))).toBe(hash)
      const mismatch = await put(`/api/v1/app_data/${keccak256(stringToHex('{}'))}`, { fullAppData: doc })
      expect([mismatch.status, (json(mismatch) as { errorType: string }).errorType]).toEqual([
        400,
        'AppDataHashMismatch',
      ])
      expect((await put('/api/v1/app_data', { other: 1 })).status).toBe(422)
    })

    it('learns the full document of every accepted order', async () => {
      await post(presignOrderBody({ appData: doc, appDataHash: hash }))
      expect(json(await get(`/api/v1/app_data/${hash}`))).toEqual({ fullAppData: doc })
    })
  })

  it('answers version as text', async () => {
    const answer = await get('/api/v1/version')
    expect(answer).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: FAKE_ORDERBOOK_VERSION,
    })
  })

  it('answers a path it does not serve with 404 and records a failure naming the request', async () => {
    const answer = await get('/api/v1/quote')
    expect(answer.status).toBe(404)
    expect(book.failures).toEqual([
      {
        method: 'GET',
        url: `${SEPOLIA_ROOT}/api/v1/quote`,
        message: `the fake orderbook does not serve GET /api/v1/quote (chain ${SEPOLIA}); script it with an orderbook rule`,
      },
    ])
  })

  it('refuses a URL under no root as a transport failure, and records it', async () => {
    const attempt = book.handle({ method: 'GET', url: 'https://example.com/api/v1/version', headers: {} })
    await expect(attempt).rejects.toThrow(OrderbookUnreachableError)
    await expect(attempt).rejects.toThrow(UNHANDLED_REQUEST_MESSAGE)
    expect(book.failures[0]?.message).toBe(
      'no orderbook root serves GET https://example.com/api/v1/version; the request was refused (fixture mode sends nothing to the network)',
    )
    expect(book.exchanges).toEqual([])
  })

  it('serves a custom orderbook_url root for its chain', async () => {
    await make(undefined, new Map([['http://127.0.0.1:9999/custom', SEPOLIA]]))
    const body = presignOrderBody()
    expect(json(await post(body, 'http://127.0.0.1:9999/custom/api/v1/orders'))).toBe(referenceUid(body))
  })

  describe('reject', () => {
    it('answers every order post TransferSimulationFailed, while reads still work', async () => {
      const uid = json(await post(presignOrderBody())) as string
      book.replaceBehaviour({ default: 'reject', rules: [] })
      const answer = await post(presignOrderBody({ validTo: START_MS / 1000 + 7200 }))
      expect([answer.status, answer.body]).toEqual([
        400,
        '{"errorType":"TransferSimulationFailed","description":"sell token cannot be transferred"}',
      ])
      expect((await get(`/api/v1/orders/${uid}`)).status).toBe(200)
      expect(book.orderPosts()).toEqual({ posts: 2, accepted: 1, rejected: 1 })
    })

    it('still refuses an undecodable body as the server would, before any rejection', async () => {
      await make({ default: 'reject', rules: [] })
      expect((await post('nope')).status).toBe(400)
    })
  })

  describe('scenario rules', () => {
    it('answer first; `times` is consumed, then the next rule or the fake answers', async () => {
      await make({
        default: 'accept',
        rules: [
          {
            match: { method: 'POST', path: '/api/v1/orders' },
            respond: { status: 400, body: { errorType: 'InsufficientBalance', description: 'no funds' } },
            times: 2,
          },
        ],
      })
      const answers = [await post(presignOrderBody()), await post(presignOrderBody()), await post(presignOrderBody())]
      expect(answers.map((a) => a.status)).toEqual([400, 400, 201])
      expect(answers[0]?.body).toBe('{"errorType":"InsufficientBalance","description":"no funds"}')
      expect(book.exchanges.map((e) => [e.rule, e.errorType, e.uid])).toEqual([
        [0, 'InsufficientBalance', referenceUid(presignOrderBody())],
        [0, 'InsufficientBalance', referenceUid(presignOrderBody())],
        [undefined, undefined, referenceUid(presignOrderBody())],
      ])
    })

    it('match paths with * globs and any method when none is given', async () => {
      await make({
        default: 'accept',
        rules: [{ match: { path: '/api/v1/orders/*' }, respond: { status: 503, text: 'down' } }],
      })
      const answer = await get('/api/v1/orders/0xanything')
      expect(answer).toEqual({ status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'down' })
      expect((await post(presignOrderBody())).status).toBe(201)
    })

    it('add their headers; a rule with only headers lets the fake answer', async () => {
      await make({
        default: 'accept',
        rules: [
          { match: { path: '/api/v1/version' }, respond: { status: 429, headers: { 'Retry-After': '30' } }, times: 1 },
          { match: { path: '/api/v1/version' }, respond: { headers: { 'X-Fake': 'yes' } } },
        ],
      })
      expect(await get('/api/v1/version')).toEqual({ status: 429, headers: { 'retry-after': '30' }, body: '' })
      const second = await get('/api/v1/version')
      expect([second.status, second.headers['x-fake'], second.body]).toEqual([200, 'yes', FAKE_ORDERBOOK_VERSION])
    })

    it('delay the answer on the injected clock', async () => {
      await make({ default: 'accept', rules: [{ match: { path: '/api/v1/orders' }, respond: { delay: 5000 } }] })
      let answer: OrderbookAnswer | undefined
      void post(presignOrderBody()).then((a) => (answer = a))
      await settle()
      expect(answer).toBeUndefined()
      expect(clock.labels()).toEqual([`orderbook POST ${ORDERS_URL} (rule 0: delay 5000ms)`])
      clock.advance(4999)
      await settle()
      expect(answer).toBeUndefined()
      clock.advance(1)
      await settle()
      expect(answer?.status).toBe(201)
    })

    it('stop waiting when the caller aborts a delayed request', async () => {
      await make({
        default: 'accept',
        rules: [{ match: { path: '/api/v1/version' }, respond: { delay: 5000, status: 200 } }],
      })
      const abort = new AbortController()
      const answer = book.handle({
        method: 'GET',
        url: `${SEPOLIA_ROOT}/api/v1/version`,
        headers: {},
        signal: abort.signal,
      })
      await settle()
      abort.abort(new Error('timeout'))
      await expect(answer).rejects.toThrow('timeout')
      expect(clock.labels()).toEqual([])
      expect(book.exchanges.map((e) => e.status)).toEqual([null])
    })

    it('with delay: never, never answer, and report the request as pending until aborted', async () => {
      await make({
        default: 'accept',
        rules: [{ match: { method: 'GET', path: '/api/v1/orders/*' }, respond: { delay: 'never' } }],
      })
      const abort = new AbortController()
      let settled = false
      const answer = book.handle({
        method: 'GET',
        url: `${SEPOLIA_ROOT}/api/v1/orders/0x12`,
        headers: {},
        signal: abort.signal,
      })
      answer.then(
        () => (settled = true),
        () => (settled = true),
      )
      clock.advance(3_600_000)
      await settle()
      expect(settled).toBe(false)
      expect(book.pendingRequests()).toEqual([`orderbook GET ${SEPOLIA_ROOT}/api/v1/orders/0x12 (rule 0: delay never)`])
      expect(book.exchanges).toMatchObject([{ method: 'GET', status: null, rule: 0 }])
      abort.abort(new Error('gave up'))
      await expect(answer).rejects.toThrow('gave up')
      expect(book.pendingRequests()).toEqual([])
    })

    it('are replaced by an orderbook step, with fresh times; stored orders stay', async () => {
      await make({
        default: 'accept',
        rules: [{ match: { path: '/api/v1/orders' }, respond: { status: 500 }, times: 1 }],
      })
      expect((await post(presignOrderBody())).status).toBe(500)
      const uid = json(await post(presignOrderBody())) as string
      book.replaceBehaviour({
        default: 'accept',
        rules: [{ match: { path: '/api/v1/orders' }, respond: { status: 500 }, times: 1 }],
      })
      expect((await post(presignOrderBody())).status).toBe(500)
      expect((await post(presignOrderBody())).status).toBe(400)
      expect((await get(`/api/v1/orders/${uid}`)).status).toBe(200)
      expect(book.orderPosts()).toEqual({ posts: 4, accepted: 1, rejected: 3 })
    })
  })
})
