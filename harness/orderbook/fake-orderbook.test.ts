import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import { keccak256, stringToHex } from 'viem'
import { beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import type { OrderbookBehaviour } from '../scenario/types.js'
import {
  FAKE_ORDERBOOK_VERSION,
  FakeOrderbook,
  OrderbookUnreachableError,
  UNHANDLED_REQUEST_MESSAGE,
} from './fake-orderbook.js'
import type { OrderbookChain } from './orderbook-chain.js'
import { type OrderbookAnswer, toResponse } from './orderbook-http.js'
import { JSON_HEADERS, OWNER, SEPOLIA, SEPOLIA_ROOT, START_MS, presignOrderBody, settle } from './test-helpers.js'

const ORDERS_URL = `${SEPOLIA_ROOT}/api/v1/orders`

const referenceDomain = (chainId: number) => ({
  name: 'Gnosis Protocol',
  version: 'v2',
  chainId,
  verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
})

/** The UID computed independently with the CoW contracts library (ethers 5). */
function referenceUid(body: Record<string, unknown>, chainId = SEPOLIA): string {
  return cowOrder.computeOrderUid(referenceDomain(chainId), referenceOrder(body), body.from as string).toLowerCase()
}

/** The order's EIP-712 hash, computed independently with the CoW contracts library. */
function referenceHash(body: Record<string, unknown>, chainId = SEPOLIA): string {
  return cowOrder.hashOrder(referenceDomain(chainId), referenceOrder(body)).toLowerCase()
}

function referenceOrder(body: Record<string, unknown>) {
  return {
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
  }
}

/** A chain on which OWNER is a contract accepting exactly `signature` over `hash` (EIP-1271). */
function contractOwner(hash: string, signature: string): OrderbookChain {
  return {
    isValidSignature: async (_chainId, owner, h, sig) =>
      owner === OWNER && h === hash && sig === signature ? 'valid' : 'invalid',
  }
}

const json = (answer: OrderbookAnswer): unknown => JSON.parse(answer.body)

describe('FakeOrderbook', () => {
  let clock: VirtualClock
  let book: FakeOrderbook

  const make = async (behaviour?: OrderbookBehaviour, roots?: Map<string, number>, chain?: OrderbookChain) => {
    book = await FakeOrderbook.create({ clock, behaviour, roots, chain })
    return book
  }
  const post = (body: unknown, url = ORDERS_URL, headers: Record<string, string> = JSON_HEADERS) =>
    book.handle({ method: 'POST', url, headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const get = (path: string, root = SEPOLIA_ROOT) => book.handle({ method: 'GET', url: `${root}${path}`, headers: {} })
  const put = (path: string, body: unknown) =>
    book.handle({ method: 'PUT', url: `${SEPOLIA_ROOT}${path}`, headers: JSON_HEADERS, body: JSON.stringify(body) })

  beforeEach(async () => {
    clock = new VirtualClock(START_MS)
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
          env: 'prod',
          method: 'POST',
          path: '/api/v1/orders',
          rule: undefined,
          status: 201,
          errorType: undefined,
          uid: referenceUid(body),
          query: '',
          requestBody: JSON.stringify(body),
          answerBody: JSON.stringify(referenceUid(body)),
          afterBlock: undefined,
        },
      ])
    })

    it('records the head of the chain each request arrived after, when the world tells it', async () => {
      let head = 7_000_000
      book = await FakeOrderbook.create({ clock, head: (chainId) => (chainId === SEPOLIA ? head : undefined) })
      await post(presignOrderBody())
      head = 7_000_003
      await get('/api/v1/version')
      await get('/api/v1/version', 'https://api.cow.fi/mainnet')
      expect(book.exchanges.map((x) => x.afterBlock)).toEqual([7_000_000, 7_000_003, undefined])
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
      clock.advanceBy(1234)
      const body = presignOrderBody({ signingScheme: 'eip1271', signature: '0xc0ffee' })
      await make(undefined, undefined, contractOwner(referenceHash(body), '0xc0ffee'))
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

    it('asks the owner contract (EIP-1271) with the hash it computed itself, and refuses what it refuses', async () => {
      const body = presignOrderBody({ signingScheme: 'eip1271', signature: '0xc0ffee' })
      await make(undefined, undefined, contractOwner(referenceHash(body), '0xc0ffee'))
      expect(json(await post(body))).toBe(referenceUid(body))
      const refused = await post({ ...body, signature: '0xbad0' })
      expect([refused.status, json(refused)]).toEqual([
        400,
        {
          errorType: 'InvalidEip1271Signature',
          description: `signature for computed order hash ${referenceHash(body)} is not valid`,
        },
      ])
      await make(undefined, undefined, {
        isValidSignature: async () => {
          throw new Error('node down')
        },
      })
      const down = await post(body)
      expect([down.status, down.body]).toEqual([500, '{"errorType":"InternalServerError","description":""}'])
    })

    it('recovers an eip712 signer with viem, and refuses a signature over another domain', async () => {
      const { privateKeyToAccount } = await import('viem/accounts')
      const account = privateKeyToAccount(`0x${'42'.repeat(32)}`)
      const order = presignOrderBody({ from: account.address.toLowerCase() })
      const message = referenceOrder(order)
      const types = {
        Order: [
          { name: 'sellToken', type: 'address' },
          { name: 'buyToken', type: 'address' },
          { name: 'receiver', type: 'address' },
          { name: 'sellAmount', type: 'uint256' },
          { name: 'buyAmount', type: 'uint256' },
          { name: 'validTo', type: 'uint32' },
          { name: 'appData', type: 'bytes32' },
          { name: 'feeAmount', type: 'uint256' },
          { name: 'kind', type: 'string' },
          { name: 'partiallyFillable', type: 'bool' },
          { name: 'sellTokenBalance', type: 'string' },
          { name: 'buyTokenBalance', type: 'string' },
        ],
      } as const
      const sign = (chainId: number) =>
        account.signTypedData({
          domain: { ...referenceDomain(chainId), verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41' },
          types,
          primaryType: 'Order',
          message: {
            ...message,
            receiver: '0x0000000000000000000000000000000000000000',
            sellAmount: BigInt(message.sellAmount),
            buyAmount: BigInt(message.buyAmount),
            feeAmount: BigInt(message.feeAmount),
            appData: message.appData as `0x${string}`,
            sellToken: message.sellToken as `0x${string}`,
            buyToken: message.buyToken as `0x${string}`,
            kind: 'sell',
            sellTokenBalance: 'erc20',
            buyTokenBalance: 'erc20',
          },
        })
      const good = await post({ ...order, signingScheme: 'eip712', signature: await sign(SEPOLIA) })
      expect([good.status, json(good)]).toEqual([201, referenceUid(order)])
      const wrongDomain = await post({ ...order, signingScheme: 'eip712', signature: await sign(1) })
      expect([wrongDomain.status, (json(wrongDomain) as { errorType: string }).errorType]).toEqual([400, 'WrongOwner'])
    })

    it('answers an unknown order with NotFound, a malformed UID with 400 as the server does, per chain', async () => {
      const uid = json(await post(presignOrderBody())) as string
      const unknown = await get(`/api/v1/orders/0x${'ab'.repeat(56)}`)
      expect([unknown.status, unknown.body]).toEqual([
        404,
        '{"errorType":"NotFound","description":"Order was not found"}',
      ])
      expect(await get('/api/v1/orders/0x1234')).toEqual({
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Invalid URL: failed to decode "0x1234" as hex uid: invalid string length',
      })
      expect((await get(`/api/v1/orders/0x${'GG'.repeat(56)}`)).body).toBe(
        `Invalid URL: failed to decode "0x${'GG'.repeat(56)}" as hex uid: invalid character 'G' at position 0`,
      )
      expect((await get(`/api/v1/orders/${uid}`, 'https://api.cow.fi/mainnet')).status).toBe(404)
      expect(book.failures).toEqual([])
    })

    it('refuses a body that breaks the OrderCreation schema with a plain-text 422 naming the field', async () => {
      const body = presignOrderBody()
      delete body.sellAmount
      const answer = await post(body)
      expect(answer).toEqual({
        status: 422,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Failed to deserialize the JSON body into the target type: missing field `sellAmount`',
      })
      const wrongKind = await post(presignOrderBody({ kind: 'swap' }))
      expect(wrongKind.body).toContain('kind: must be equal to one of the allowed values')
      const badAddress = await post(presignOrderBody({ buyToken: '0x12' }))
      expect([badAddress.status, badAddress.body]).toEqual([
        422,
        'Failed to deserialize the JSON body into the target type: buyToken: invalid address "0x12", expected 20 bytes of 0x-prefixed hex',
      ])
      expect(book.exchanges.map((e) => e.errorType)).toEqual([undefined, undefined, undefined])
    })

    it('refuses text that is not JSON with 400, no JSON content type with 415, and over 16 KiB with 413, in plain text', async () => {
      const syntax = await post('{"sellToken":')
      expect([syntax.status, syntax.headers['content-type'], syntax.body]).toEqual([
        400,
        'text/plain; charset=utf-8',
        'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 13',
      ])
      expect((await post('')).body).toBe(
        'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0',
      )
      expect((await post('{invalid json}')).body).toBe(
        'Failed to parse the request body as JSON: key must be a string at line 1 column 2',
      )
      const noType = await post(presignOrderBody(), ORDERS_URL, { 'content-type': 'text/plain' })
      expect([noType.status, noType.body]).toEqual([415, 'Expected request with `Content-Type: application/json`'])
      const huge = await post(presignOrderBody({ appData: JSON.stringify({ pad: 'x'.repeat(16 * 1024) }) }))
      expect([huge.status, huge.body]).toEqual([413, 'Failed to buffer the request body: length limit exceeded'])
      expect(book.orderPosts()).toEqual({ posts: 5, accepted: 0, rejected: 5 })
    })

    it('turns answers into responses with the HTTP reason phrase, and an empty body into no body', async () => {
      const notFound = toResponse({ status: 404, headers: {}, body: '' })
      expect([notFound.statusText, notFound.headers.get('content-type'), await notFound.text()]).toEqual([
        'Not Found',
        null,
        '',
      ])
      expect(toResponse({ status: 422, headers: {}, body: 'x' }).statusText).toBe('Unprocessable Entity')
    })

    it('serves order status, an account’s orders and trades from its store', async () => {
      const first = json(await post(presignOrderBody())) as string
      const second = json(await post(presignOrderBody({ buyAmount: '2500000001' }))) as string
      expect(json(await get(`/api/v1/orders/${first}/status`))).toEqual({ type: 'scheduled' })
      const missing = await get(`/api/v1/orders/0x${'ab'.repeat(56)}/status`)
      expect([missing.status, missing.body]).toEqual([
        404,
        '{"errorType":"NotFound","description":"order status not found"}',
      ])
      const orders = json(await get(`/api/v1/account/${OWNER}/orders`)) as { uid: string }[]
      expect(orders.map((o) => o.uid)).toEqual([second, first])
      expect(
        (json(await get(`/api/v1/account/${OWNER}/orders?offset=1&limit=1`)) as { uid: string }[]).map((o) => o.uid),
      ).toEqual([first])
      expect((await get(`/api/v1/account/${OWNER}/orders?limit=0`)).body).toBe(
        '{"errorType":"LIMIT_OUT_OF_BOUNDS","description":"The pagination limit is [1,1000]."}',
      )
      expect((await get('/api/v1/account/0x123/orders')).status).toBe(400)
      expect(json(await get(`/api/v2/trades?orderUid=${first}`))).toEqual([])
      expect(json(await get(`/api/v2/trades?owner=${OWNER}`))).toEqual([])
      expect(json(await get('/api/v2/trades'))).toEqual({
        errorType: 'InvalidTradeFilter',
        description: 'Must specify exactly one of owner or orderUid.',
      })
      expect(book.failures).toEqual([])
    })

    it('keeps a separate book behind the staging (barn) root', async () => {
      const uid = json(await post(presignOrderBody())) as string
      expect((await get(`/api/v1/orders/${uid}`, 'https://barn.api.cow.fi/sepolia')).status).toBe(404)
      const staged = await post(presignOrderBody(), 'https://barn.api.cow.fi/sepolia/api/v1/orders')
      expect([staged.status, json(staged)]).toEqual([201, uid])
      expect(book.storedOrders('staging').map((o) => o.uid)).toEqual([uid])
      expect(book.exchanges.at(-1)).toMatchObject({ env: 'staging', status: 201 })
    })

    it('checks appDataHash against the full appData', async () => {
      const answer = await post(presignOrderBody({ appData: '{"appCode":"nexum"}' }))
      expect(answer.status).toBe(400)
      expect(json(answer)).toMatchObject({ errorType: 'AppDataHashMismatch' })
    })

    it('judges validTo by the injected clock', async () => {
      clock.advanceBy(3600_000 - 59_000)
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
      expect(clock.pendingTimers().map((t) => t.label)).toEqual([`orderbook POST ${ORDERS_URL} (rule 0: delay 5000ms)`])
      clock.advanceBy(4999)
      await settle()
      expect(answer).toBeUndefined()
      clock.advanceBy(1)
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
      expect(clock.pendingTimers().map((t) => t.label)).toEqual([])
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
      clock.advanceBy(3_600_000)
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
