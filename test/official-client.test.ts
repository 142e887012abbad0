// CoW's own TypeScript client (@cowprotocol/sdk-order-book 4.0.2) against the fake orderbook, on
// the real global fetch through MSW: what the client surfaces (`OrderBookApiError` status, body,
// errorType, message) must be what it surfaces against the server (cowprotocol/services at
// 6a3eb42 on axum 0.8: the answers written out below come from its source, decision 0077). The
// read endpoints' bodies are validated against the orderbook's own OpenAPI document.
// (The fake has no loopback HTTP server yet; MSW on fetch is the only transport to drive.)
import { readFileSync } from 'node:fs'
import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import { OrderBookApi, OrderBookApiError } from '@cowprotocol/sdk-order-book'
import { type Document, OpenAPIBackend } from 'openapi-backend'
import { keccak256, stringToHex } from 'viem'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { FakeOrderbook } from '../harness/orderbook/fake-orderbook.js'
import { type MswOrderbook, startMswOrderbook } from '../harness/orderbook/msw-transport.js'
import { normaliseOpenApi } from '../harness/orderbook/normalise-openapi.js'
import { ORDERBOOK_OPENAPI_PATH } from '../harness/orderbook/order-creation-validator.js'
import type { OrderbookBehaviour, OrderbookRule } from '../harness/scenario/types.js'
import { VirtualClock } from '../engine/clock/virtual-clock.js'

const SEPOLIA = 11155111
const PROD = 'https://api.cow.fi/sepolia'
const BARN = 'https://barn.api.cow.fi/sepolia'
const NOW_MS = 1_750_000_000_000
const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

/** A pre-signed sell order, valid for an hour. */
function presignOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
    buyToken: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
    receiver: null,
    sellAmount: '1000000000000000000',
    buyAmount: '2500000000',
    validTo: NOW_MS / 1000 + 3600,
    appData: '{}',
    appDataHash: keccak256(stringToHex('{}')),
    feeAmount: '0',
    kind: 'sell',
    partiallyFillable: false,
    sellTokenBalance: 'erc20',
    buyTokenBalance: 'erc20',
    signingScheme: 'presign',
    signature: '0x',
    from: OWNER,
    ...overrides,
  }
}

/** @cowprotocol/contracts' own UID (ethers 5): an implementation neither the fake nor the SDK shares. */
function contractsUid(order: Record<string, unknown>): string {
  const domain = {
    name: 'Gnosis Protocol',
    version: 'v2',
    chainId: SEPOLIA,
    verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
  }
  return cowOrder
    .computeOrderUid(
      domain,
      {
        sellToken: order.sellToken as string,
        buyToken: order.buyToken as string,
        receiver: undefined,
        sellAmount: order.sellAmount as string,
        buyAmount: order.buyAmount as string,
        validTo: order.validTo as number,
        appData: keccak256(stringToHex(order.appData as string)),
        feeAmount: order.feeAmount as string,
        kind: cowOrder.OrderKind.SELL,
        partiallyFillable: false,
        sellTokenBalance: cowOrder.OrderBalance.ERC20,
        buyTokenBalance: cowOrder.OrderBalance.ERC20,
      },
      order.from as string,
    )
    .toLowerCase()
}

/** One attempt per call (the client retries 429/5xx ten times by default) and no rate limiting. */
function client(env: 'prod' | 'staging' = 'prod'): OrderBookApi {
  return new OrderBookApi({
    chainId: SEPOLIA,
    env,
    backoffOpts: { numOfAttempts: 1 },
    limiterOpts: { tokensPerInterval: 10_000, interval: 'second' },
  } as ConstructorParameters<typeof OrderBookApi>[0])
}

interface Surfaced {
  status: number | undefined
  body: unknown
  errorType: unknown
  message: string
}

/** What a caller of the client sees of a rejection. */
async function surfaced(call: Promise<unknown>): Promise<Surfaced | { resolved: unknown }> {
  try {
    return { resolved: await call }
  } catch (error) {
    if (!(error instanceof OrderBookApiError)) {
      return { status: undefined, body: undefined, errorType: undefined, message: (error as Error).message }
    }
    const body = error.body as { errorType?: unknown } | string | undefined
    return {
      status: error.response.status,
      body,
      errorType: typeof body === 'object' && body !== null ? body.errorType : undefined,
      message: error.message,
    }
  }
}

const envelope = (status: number, message: string, errorType: string, description: string): Surfaced => ({
  status,
  body: { errorType, description },
  errorType,
  message,
})
const text = (status: number, body: string): Surfaced => ({ status, body, errorType: undefined, message: body })

/**
 * Each row of docs/orderbook.md's decision table, scripted with the rule form, and what the
 * client surfaces against the server: envelope answers (application/json) show the HTTP reason
 * phrase as the message, plain-text ones their text, empty ones the reason phrase and no body.
 * Descriptions are the server's (crates/orderbook/src/api/post_order.rs, api.rs).
 */
const ROWS: { row: string; respond: OrderbookRule['respond']; server: Surfaced }[] = [
  {
    row: '400 DuplicatedOrder',
    respond: { reject: 'DuplicatedOrder' },
    server: envelope(400, 'Bad Request', 'DuplicatedOrder', 'order already exists'),
  },
  {
    row: '400 InsufficientBalance',
    respond: { reject: 'InsufficientBalance' },
    server: envelope(
      400,
      'Bad Request',
      'InsufficientBalance',
      'order owner must have funds worth at least x in his account',
    ),
  },
  {
    row: '400 InsufficientAllowance',
    respond: { reject: 'InsufficientAllowance' },
    server: envelope(400, 'Bad Request', 'InsufficientAllowance', 'order owner must give allowance to VaultRelayer'),
  },
  {
    row: '400 TooManyLimitOrders',
    respond: { reject: 'TooManyLimitOrders' },
    server: envelope(400, 'Bad Request', 'TooManyLimitOrders', 'Too many limit orders'),
  },
  {
    row: '400 InvalidAppData',
    respond: { reject: 'InvalidAppData', description: 'Unknown pre-image for app data hash 0x01' },
    server: envelope(400, 'Bad Request', 'InvalidAppData', 'Unknown pre-image for app data hash 0x01'),
  },
  {
    row: '404 NoLiquidity',
    respond: { reject: 'NoLiquidity' },
    server: envelope(404, 'Not Found', 'NoLiquidity', 'no route found'),
  },
  {
    row: '429 from the infrastructure',
    respond: { status: 429, text: 'Too Many Requests', headers: { 'Retry-After': '30' } },
    server: text(429, 'Too Many Requests'),
  },
  {
    row: '400 TransferSimulationFailed',
    respond: { reject: 'TransferSimulationFailed' },
    server: envelope(400, 'Bad Request', 'TransferSimulationFailed', 'sell token cannot be transferred'),
  },
  {
    row: '400 InsufficientValidTo',
    respond: { reject: 'InsufficientValidTo' },
    server: envelope(400, 'Bad Request', 'InsufficientValidTo', 'validTo is not far enough in the future'),
  },
  {
    row: '400 InvalidSignature',
    respond: { reject: 'InvalidSignature' },
    server: envelope(400, 'Bad Request', 'InvalidSignature', 'invalid signature'),
  },
  {
    row: '400 NonZeroFee',
    respond: { reject: 'NonZeroFee' },
    server: envelope(400, 'Bad Request', 'NonZeroFee', 'Fee must be zero'),
  },
  {
    row: '403 Forbidden',
    respond: { reject: 'Forbidden' },
    server: envelope(403, 'Forbidden', 'Forbidden', 'Forbidden, your account is deny-listed'),
  },
  {
    row: '400 TradingOutsideAllowedWindow',
    respond: { reject: 'TradingOutsideAllowedWindow', description: 'market closed' },
    server: envelope(400, 'Bad Request', 'TradingOutsideAllowedWindow', 'market closed'),
  },
  {
    row: '400 InsufficientLiquidity',
    respond: { reject: 'InsufficientLiquidity', description: 'not enough' },
    server: envelope(400, 'Bad Request', 'InsufficientLiquidity', 'not enough'),
  },
  {
    row: '400 TokenTemporarilySuspended',
    respond: { reject: 'TokenTemporarilySuspended', description: 'halted' },
    server: envelope(400, 'Bad Request', 'TokenTemporarilySuspended', 'halted'),
  },
  {
    row: '400 OldOrderActivelyBidOn',
    respond: { reject: 'OldOrderActivelyBidOn' },
    server: envelope(
      400,
      'Bad Request',
      'OldOrderActivelyBidOn',
      'The old order is actively beign bid on in recent auctions',
    ),
  },
  {
    row: '401 WrongOwner (replacement)',
    respond: { reject: 'WrongOwner', status: 401, description: 'Old and new orders have different signers' },
    server: envelope(401, 'Unauthorized', 'WrongOwner', 'Old and new orders have different signers'),
  },
  {
    row: '422 plain text',
    respond: { reject: 'JsonDataError' },
    server: text(422, 'Failed to deserialize the JSON body into the target type: missing field `sellToken`'),
  },
  {
    row: '500 SellAmountOverflow',
    respond: { reject: 'SellAmountOverflow' },
    server: envelope(500, 'Internal Server Error', 'SellAmountOverflow', 'Sell amount + fee amount must fit in U256'),
  },
  {
    row: '400 unknown errorType',
    respond: { status: 400, body: { errorType: 'SomethingNew', description: 'from the future' } },
    server: envelope(400, 'Bad Request', 'SomethingNew', 'from the future'),
  },
  {
    row: '500 InternalServerError',
    respond: { reject: 'InternalServerError' },
    server: envelope(500, 'Internal Server Error', 'InternalServerError', ''),
  },
  {
    row: '502 HTML gateway page',
    respond: {
      status: 502,
      text: '<html><body>502 Bad Gateway</body></html>',
      headers: { 'content-type': 'text/html' },
    },
    server: text(502, '<html><body>502 Bad Gateway</body></html>'),
  },
  {
    row: '411 with no body (a non-envelope 4xx)',
    respond: { reject: 'LengthRequired' },
    server: { status: 411, body: undefined, errorType: undefined, message: 'Length Required' },
  },
]

let msw: MswOrderbook | undefined
let book: FakeOrderbook

async function startBook(behaviour?: OrderbookBehaviour): Promise<FakeOrderbook> {
  msw?.close()
  book = await FakeOrderbook.create({ clock: new VirtualClock(NOW_MS), behaviour })
  msw = startMswOrderbook(book)
  return book
}

afterEach(() => {
  msw?.close()
  msw = undefined
})

describe('the official CoW client against the fake orderbook', () => {
  let openapi: OpenAPIBackend
  beforeAll(async () => {
    const definition = normaliseOpenApi(parseYaml(readFileSync(ORDERBOOK_OPENAPI_PATH, 'utf8'))) as Document
    openapi = new OpenAPIBackend({ definition, quick: true, validate: true })
    await openapi.init()
  })
  const fitsOpenApi = (body: unknown, operationId: string) => {
    const result = openapi.validateResponse(body, operationId, 200)
    expect(result.errors ?? [], `${operationId} body fits the OpenAPI document`).toEqual([])
  }

  it('happy path: posts a presign order, reads it back, its status, the owner’s orders, trades and app data', async () => {
    await startBook()
    const api = client()
    const order = presignOrder()
    const uid = await api.sendOrder(order as never)
    expect(uid).toBe(contractsUid(order))

    const read = await api.getOrder(uid)
    expect(read).toMatchObject({ uid, owner: OWNER, status: 'presignaturePending', signingScheme: 'presign' })
    expect(await api.getOrderMultiEnv(uid)).toMatchObject({ uid })
    expect(await api.getOrderCompetitionStatus(uid)).toEqual({ type: 'scheduled' })
    expect((await api.getOrders({ owner: OWNER })).map((o) => o.uid)).toEqual([uid])
    expect(await api.getTrades({ orderUid: uid })).toEqual([])
    expect(await api.getTrades({ owner: OWNER })).toEqual([])
    expect(await api.getVersion()).toBe('v0.0.0-nexum-sim-fake-orderbook')

    const doc = '{"appCode":"nexum-sim"}'
    const hash = keccak256(stringToHex(doc))
    expect(await api.uploadAppData(hash, doc)).toBe(hash)
    expect(await api.getAppData(hash)).toEqual({ fullAppData: doc })

    // The raw bodies, as the OpenAPI document describes them.
    const raw = async (path: string) => (await fetch(`${PROD}${path}`)).json()
    fitsOpenApi(await raw(`/api/v1/orders/${uid}`), 'getOrder')
    fitsOpenApi(await raw(`/api/v1/orders/${uid}/status`), 'getOrderStatus')
    fitsOpenApi(await raw(`/api/v1/account/${OWNER}/orders`), 'getUserOrdersPaginated')
    fitsOpenApi(await raw(`/api/v2/trades?orderUid=${uid}`), 'getTradesV2')
  })

  it.each(ROWS)(
    'decision table row $row: the client surfaces what the server would give it',
    async ({ respond, server }) => {
      await startBook({ default: 'accept', rules: [{ match: { method: 'POST', path: '/api/v1/orders' }, respond }] })
      expect(await surfaced(client().sendOrder(presignOrder() as never))).toEqual(server)
    },
  )

  it('decision table row "transport failure": a URL nothing answers is a fetch error, not an API error', async () => {
    await startBook()
    const api = new OrderBookApi({
      chainId: SEPOLIA,
      baseUrls: { [SEPOLIA]: 'https://unserved.example/sepolia' },
      backoffOpts: { numOfAttempts: 1 },
    } as ConstructorParameters<typeof OrderBookApi>[0])
    const seen = await surfaced(api.sendOrder(presignOrder() as never))
    expect(seen).toMatchObject({ status: undefined, errorType: undefined })
  })

  describe('the malformed requests of services’ e2e test (malformed_requests.rs)', () => {
    it('a body of the wrong shape: 422 plain text naming the problem', async () => {
      await startBook()
      const seen = await surfaced(client().sendOrder({} as never))
      expect(seen).toMatchObject({ status: 422, errorType: undefined })
      const body = (seen as Surfaced).body as string
      expect(body).toMatch(/^Failed to deserialize the JSON body into the target type: .*missing field/)
      expect((seen as Surfaced).message).toBe(body)
      const wrongTypes = await surfaced(
        client().sendOrder({ ...presignOrder(), sellToken: 'not-an-address', validTo: 'not-a-number' } as never),
      )
      expect(wrongTypes).toMatchObject({ status: 422, body: expect.stringMatching(/^Failed to deserialize/) })
    })

    it('invalid JSON and an empty body: 400 plain text', async () => {
      await startBook()
      expect(await surfaced(client().sendOrder('{invalid json}' as never))).toEqual(
        text(400, 'Failed to parse the request body as JSON: key must be a string at line 1 column 2'),
      )
      // The client sends no body for an empty one.
      expect(await surfaced(client().sendOrder('' as never))).toEqual(
        text(400, 'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0'),
      )
    })

    it('no JSON content type: 415 plain text', async () => {
      await startBook()
      const response = await fetch(`${PROD}/api/v1/orders`, { method: 'POST', body: JSON.stringify(presignOrder()) })
      expect([
        response.status,
        response.statusText,
        response.headers.get('content-type'),
        await response.text(),
      ]).toEqual([
        415,
        'Unsupported Media Type',
        'text/plain; charset=utf-8',
        'Expected request with `Content-Type: application/json`',
      ])
    })

    it('a body over the server’s 16 KiB limit: 413 plain text', async () => {
      await startBook()
      const huge = presignOrder({ appData: JSON.stringify({ pad: 'x'.repeat(16 * 1024) }), appDataHash: undefined })
      expect(await surfaced(client().sendOrder(huge as never))).toEqual(
        text(413, 'Failed to buffer the request body: length limit exceeded'),
      )
    })

    it.each([
      ['0x1234', 'invalid string length'],
      [`0x${'0'.repeat(200)}`, 'invalid string length'],
      [`0x${'GG'.repeat(56)}`, "invalid character 'G' at position 0"],
      ['not-hex-at-all', 'invalid string length'],
    ])('a malformed UID %s: 400 plain text', async (uid, problem) => {
      await startBook()
      expect(await surfaced(client().getOrder(uid))).toEqual(
        text(400, `Invalid URL: failed to decode ${JSON.stringify(uid)} as hex uid: ${problem}`),
      )
    })

    it('an unknown order: 404 with the NotFound envelope, the message the reason phrase', async () => {
      await startBook()
      expect(await surfaced(client().getOrder(`0x${'00'.repeat(56)}`))).toEqual(
        envelope(404, 'Not Found', 'NotFound', 'Order was not found'),
      )
    })

    it('a malformed owner address: 400', async () => {
      await startBook()
      for (const owner of ['0x123', 'not-an-address', `0x${'G'.repeat(40)}`]) {
        expect(((await surfaced(client().getOrders({ owner }))) as Surfaced).status).toBe(400)
      }
    })
  })

  describe('the staging root (barn)', () => {
    it('getOrderMultiEnv finds an order only staging has, after production’s 404', async () => {
      await startBook()
      const order = presignOrder()
      const uid = await client('staging').sendOrder(order as never)
      expect(uid).toBe(contractsUid(order))
      expect(await surfaced(client().getOrder(uid))).toEqual(
        envelope(404, 'Not Found', 'NotFound', 'Order was not found'),
      )
      expect(await client().getOrderMultiEnv(uid)).toMatchObject({ uid })
      expect(book.storedOrders('prod')).toEqual([])
      expect((await fetch(`${BARN}/api/v1/orders/${uid}`)).status).toBe(200)
    })

    it('an order neither has ends as a 404 from staging, not a network error', async () => {
      await startBook()
      expect(await surfaced(client().getOrderMultiEnv(`0x${'ab'.repeat(56)}`))).toEqual(
        envelope(404, 'Not Found', 'NotFound', 'Order was not found'),
      )
    })
  })
})
