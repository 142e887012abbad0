import { describe, expect, it } from 'vitest'
import type { ChainConfig } from '../config/types.js'
import { HostError } from '../module-api/host-error.js'
import type { FetchFn } from '../world.js'
import { CowApiError } from './cow-api-error.js'
import { createCowApiHost, MAX_ORDERBOOK_BODY_BYTES } from './cow-api-host.js'
import { MAX_RETRY_AFTER_SECONDS } from '../module-api/host.js'
import { createServer, type RequestListener } from 'node:http'
import type { VirtualClock } from '../clock/virtual-clock.js'
import { armedTimers, rejectionOf, testClock } from './host-test-doubles.js'

const UID = `0x${'AB'.repeat(56)}`
const ORDER = JSON.stringify({ sellToken: '0x1', buyToken: '0x2', sellAmount: '1', kind: 'sell' })

interface Sent {
  url: string
  method: string | undefined
  contentType: string | null
  body: string | undefined
  signal: AbortSignal | undefined
}

/** An orderbook written as a fetch function: the injected seam, answering with real Responses. */
function orderbook(answer: (url: string) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const fetch: FetchFn = async (url, init) => {
    sent.push({
      url,
      method: init?.method,
      contentType: new Headers(init?.headers).get('content-type'),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
    })
    return answer(url)
  }
  return { fetch, sent }
}

function hostOver(
  answer: (url: string) => Response | Promise<Response>,
  options: { chains?: ChainConfig[]; clock?: VirtualClock } = {},
) {
  const book = orderbook(answer)
  const clock = options.clock ?? testClock()
  const host = createCowApiHost({
    chains: options.chains ?? [{ chainId: 11155111, orderbookUrl: 'https://barn.example/' }],
    fetch: book.fetch,
    clock,
    limits: { orderbookTimeoutMs: 7_000 },
  })
  return { host, sent: book.sent, clock }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

async function cowErrorOf(promise: Promise<unknown>): Promise<HostError> {
  const error = await rejectionOf(promise)
  expect(error).toBeInstanceOf(HostError)
  return error as HostError
}

describe('cow-api host: submitOrder', () => {
  it('POSTs the order verbatim as JSON to {orderbook_url}/api/v1/orders and returns the UID lowercased', async () => {
    const { host, sent } = hostOver(() => json(201, UID))
    await expect(host.submitOrder(11155111, ORDER)).resolves.toBe(UID.toLowerCase())
    expect(sent).toEqual([
      {
        url: 'https://barn.example/api/v1/orders',
        method: 'POST',
        contentType: 'application/json',
        body: ORDER,
        signal: expect.any(AbortSignal),
      },
    ])
  })

  it('uses the public API root of a chain without orderbook_url', async () => {
    for (const [chainId, root] of [
      [1, 'https://api.cow.fi/mainnet'],
      [100, 'https://api.cow.fi/xdai'],
      [11155111, 'https://api.cow.fi/sepolia'],
      [42161, 'https://api.cow.fi/arbitrum_one'],
      [8453, 'https://api.cow.fi/base'],
    ] as const) {
      const { host, sent } = hostOver(() => json(201, UID), { chains: [{ chainId: 11155111 }] })
      await host.submitOrder(chainId, ORDER)
      expect(sent[0]!.url).toBe(`${root}/api/v1/orders`)
    }
  })

  it('refuses a chain CoW Protocol does not run on, with 501', async () => {
    const { host, sent } = hostOver(() => json(201, UID))
    const error = await cowErrorOf(host.submitOrder(31337, ORDER))
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'unsupported',
      code: 501,
      message: 'chain 31337 not in cowprotocol',
      data: undefined,
    })
    expect(sent).toEqual([])
  })

  it('refuses a body that is not a JSON object, before looking at the chain', async () => {
    const { host, sent } = hostOver(() => json(201, UID))
    const broken = await cowErrorOf(host.submitOrder(31337, '{"sellToken":'))
    expect(broken).toMatchObject({ domain: 'cow-api', kind: 'invalid-input', code: 0 })
    expect(broken.message).toMatch(/^invalid OrderCreation JSON: /)
    const array = await cowErrorOf(host.submitOrder(11155111, '[1]'))
    expect(array).toMatchObject({
      kind: 'invalid-input',
      code: 0,
      message: 'invalid OrderCreation JSON: expected a JSON object, got an array',
    })
    expect(sent).toEqual([])
  })

  it('rejects a 400 envelope as denied with the status as code and the body verbatim as data', async () => {
    const body = '{"errorType":"TransferSimulationFailed","description":"sell token cannot be transferred"}'
    const { host } = hostOver(() => new Response(body, { status: 400 }))
    const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(error).toBeInstanceOf(CowApiError)
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'denied',
      code: 400,
      message: 'orderbook error (TransferSimulationFailed): sell token cannot be transferred',
      data: body,
    })
    expect((error as CowApiError).retryAfterSeconds).toBeUndefined()
  })

  it('says the status when the body is not the envelope', async () => {
    const html = '<html><body>Not Found</body></html>'
    const { host } = hostOver(() => new Response(html, { status: 404 }))
    const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'denied',
      code: 404,
      message: 'orderbook answered 404',
      data: html,
    })
  })

  it('maps 403 to denied, 429 to rate-limited and 5xx to unavailable', async () => {
    for (const [status, kind] of [
      [403, 'denied'],
      [429, 'rate-limited'],
      [500, 'unavailable'],
      [502, 'unavailable'],
      [504, 'unavailable'],
    ] as const) {
      const { host } = hostOver(() => new Response('', { status }))
      const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
      expect(error).toMatchObject({ domain: 'cow-api', code: status, kind, data: '' })
    }
  })

  it('carries Retry-After in the message and as retryAfterSeconds', async () => {
    const { host } = hostOver(() =>
      json(429, { errorType: 'TooManyRequests', description: 'slow down' }, { 'retry-after': '30' }),
    )
    const error = (await cowErrorOf(host.submitOrder(11155111, ORDER))) as CowApiError
    expect(error.kind).toBe('rate-limited')
    expect(error.message).toBe('orderbook error (TooManyRequests): slow down (retry-after 30)')
    expect(error.retryAfterSeconds).toBe(30)
  })

  it('reads a Retry-After date against the engine clock', async () => {
    const clock = testClock(Date.UTC(2026, 10, 27, 14, 0, 0))
    const { host } = hostOver(
      () => new Response('', { status: 503, headers: { 'retry-after': 'Fri, 27 Nov 2026 14:02:00 GMT' } }),
      { clock },
    )
    const error = (await cowErrorOf(host.submitOrder(11155111, ORDER))) as CowApiError
    expect(error.message).toBe('orderbook answered 503 (retry-after Fri, 27 Nov 2026 14:02:00 GMT)')
    expect(error.retryAfterSeconds).toBe(120)
  })

  it('clamps a Retry-After too large to store (1e21) to a day', async () => {
    const { host } = hostOver(() =>
      json(429, { errorType: 'TooManyRequests', description: 'x' }, { 'retry-after': '1000000000000000000000' }),
    )
    const error = (await cowErrorOf(host.submitOrder(11155111, ORDER))) as CowApiError
    expect(error.retryAfterSeconds).toBe(MAX_RETRY_AFTER_SECONDS)
  })

  it('refuses a body past the cap, naming the cap and showing its first bytes', async () => {
    const huge = `{"errorType":"X","description":"${'A'.repeat(MAX_ORDERBOOK_BODY_BYTES)}"}`
    const { host } = hostOver(() => new Response(huge, { status: 400 }))
    const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(error.kind).toBe('unavailable')
    expect(error.code).toBe(400)
    expect(error.message).toContain(`larger than the ${MAX_ORDERBOOK_BODY_BYTES}-byte cap (status 400)`)
    expect(error.message).toContain('it began: "{\\"errorType\\":\\"X\\"')
    expect(error.message.length).toBeLessThan(400)
  })

  it('never follows a redirect: a 307 to another host is the answer, and that host sees nothing', async () => {
    const thief = await listen((_req, res) => res.writeHead(201).end(JSON.stringify(UID)))
    const book = await listen((_req, res) =>
      res.writeHead(307, { location: `http://127.0.0.1:${thief.port}/api/v1/orders` }).end(),
    )
    try {
      const host = createCowApiHost({
        chains: [{ chainId: 11155111, orderbookUrl: `http://127.0.0.1:${book.port}` }],
        fetch: (url, init) => fetch(url, init),
        clock: testClock(),
        limits: { orderbookTimeoutMs: 7_000 },
      })
      const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
      expect(error).toMatchObject({ domain: 'cow-api', kind: 'internal', code: 307 })
      expect(thief.hits).toBe(0)
    } finally {
      await Promise.all([thief.close(), book.close()])
    }
  })

  it('rejects a 201 that does not carry an order UID', async () => {
    const { host } = hostOver(() => new Response('created', { status: 201 }))
    const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(error).toMatchObject({ domain: 'cow-api', kind: 'internal', code: 201, data: 'created' })
  })

  it('maps a transport failure to unavailable, code 0, without data', async () => {
    const { host } = hostOver(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:80') })
    })
    const error = await cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'unavailable',
      code: 0,
      message: 'orderbook unreachable: fetch failed: connect ECONNREFUSED 127.0.0.1:80',
      data: undefined,
    })
  })

  it('times out after limits.orderbookTimeoutMs of clock time and aborts the fetch', async () => {
    const clock = testClock(1_000_000)
    const { host, sent } = hostOver(() => new Promise<Response>(() => {}), { clock })
    const answer = cowErrorOf(host.submitOrder(11155111, ORDER))
    expect(await armedTimers(clock)).toEqual([{ at: 1_007_000, label: 'orderbook POST /api/v1/orders' }])
    clock.advanceBy(7_000)
    const error = await answer
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'timeout',
      code: 0,
      message: 'orderbook POST /api/v1/orders exceeded its 7s deadline',
      data: undefined,
    })
    expect(sent[0]!.signal!.aborted).toBe(true)
  })
})

describe('cow-api host: request', () => {
  it('joins the path to the base with one leading slash stripped, and returns the body whatever the status', async () => {
    const notFound = '{"errorType":"NotFound","description":"order not found"}'
    const { host, sent } = hostOver(() => new Response(notFound, { status: 404 }))
    await expect(host.request(11155111, 'get', `/api/v1/orders/${UID}`)).resolves.toBe(notFound)
    expect(sent[0]).toMatchObject({
      url: `https://barn.example/api/v1/orders/${UID}`,
      method: 'GET',
      contentType: null,
      body: undefined,
    })
    await host.request(11155111, 'GET', 'api/v1/version')
    expect(sent[1]!.url).toBe('https://barn.example/api/v1/version')
  })

  it('sends a body as JSON', async () => {
    const { host, sent } = hostOver(() => json(200, { quote: {} }))
    await expect(host.request(11155111, 'Post', '/api/v1/quote', '{"kind":"sell"}')).resolves.toBe('{"quote":{}}')
    expect(sent[0]).toMatchObject({ method: 'POST', contentType: 'application/json', body: '{"kind":"sell"}' })
  })

  it('refuses methods other than GET, POST, PUT and DELETE', async () => {
    const { host, sent } = hostOver(() => json(200, {}))
    const error = await cowErrorOf(host.request(11155111, 'patch', '/api/v1/orders'))
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'invalid-input',
      code: 0,
      message: 'unsupported HTTP method: PATCH',
      data: undefined,
    })
    expect(sent).toEqual([])
  })

  it('refuses a GET with a body', async () => {
    const { host } = hostOver(() => json(200, {}))
    expect(await cowErrorOf(host.request(11155111, 'GET', '/x', '{}'))).toMatchObject({
      kind: 'invalid-input',
      code: 0,
    })
  })

  it('refuses an unknown chain with 501', async () => {
    const { host } = hostOver(() => json(200, {}))
    expect(await cowErrorOf(host.request(31337, 'GET', '/api/v1/version'))).toMatchObject({
      kind: 'unsupported',
      code: 501,
      message: 'chain 31337 not in cowprotocol',
    })
  })

  it('refuses a path that makes no URL, naming the path', async () => {
    const { host, sent } = hostOver(() => json(200, {}), { chains: [{ chainId: 11155111, orderbookUrl: 'not a url' }] })
    const error = await cowErrorOf(host.request(11155111, 'GET', '/api/v1/version'))
    expect(error).toMatchObject({ domain: 'cow-api', kind: 'invalid-input', code: 0 })
    expect(error.message).toMatch(/^"\/api\/v1\/version": /)
    expect(sent).toEqual([])
  })

  it('maps a transport failure to internal `network: ...`', async () => {
    const { host } = hostOver(() => {
      throw new TypeError('fetch failed')
    })
    expect((await cowErrorOf(host.request(11155111, 'GET', '/api/v1/version'))).toFields()).toEqual({
      domain: 'cow-api',
      kind: 'internal',
      code: 0,
      message: 'network: fetch failed',
      data: undefined,
    })
  })

  it('times out like submitOrder', async () => {
    const clock = testClock()
    const { host, sent } = hostOver(() => new Promise<Response>(() => {}), { clock })
    const answer = cowErrorOf(host.request(11155111, 'GET', '/api/v1/version'))
    await armedTimers(clock)
    clock.fireNext()
    const error = await answer
    expect(error).toMatchObject({
      domain: 'cow-api',
      kind: 'timeout',
      code: 0,
      message: 'orderbook GET /api/v1/version exceeded its 7s deadline',
    })
    expect(sent[0]!.signal!.aborted).toBe(true)
  })
})

/** A real HTTP server on 127.0.0.1 counting the requests it gets. */
async function listen(handler: RequestListener): Promise<{ port: number; hits: number; close(): Promise<void> }> {
  const state = { port: 0, hits: 0, close: async () => {} }
  const server = createServer((req, res) => {
    state.hits++
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as { port: number }).port
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return state
}
