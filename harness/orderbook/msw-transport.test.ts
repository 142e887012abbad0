import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { keccak256, stringToHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import type { FetchFn } from '../../engine/world.js'
import type { OrderbookBehaviour } from '../scenario/types.js'
import { FakeOrderbook, UNHANDLED_REQUEST_MESSAGE } from './fake-orderbook.js'
import { inProcessFetch } from './in-process-transport.js'
import { keepMswListening } from './msw-keep.js'
import { MswAlreadyActiveError, type MswOrderbook, startMswOrderbook } from './msw-transport.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { JSON_HEADERS, SEPOLIA_ROOT, START_MS, presignOrderBody } from './test-helpers.js'

const ORDERS_URL = `${SEPOLIA_ROOT}/api/v1/orders`
const APP_DATA = '{"appCode":"parity"}'
const APP_DATA_HASH = keccak256(stringToHex(APP_DATA))

const behaviour: OrderbookBehaviour = {
  default: 'accept',
  rules: [
    {
      match: { method: 'GET', path: '/api/v1/version' },
      respond: { status: 429, headers: { 'Retry-After': '17' } },
      times: 1,
    },
    {
      match: { method: 'GET', path: '/api/v1/trades' },
      respond: { status: 502, text: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } },
    },
    { match: { method: 'DELETE', path: '/api/v1/orders/*' }, respond: { status: 204 } },
    { match: { method: 'GET', path: '/api/v1/auction' }, respond: { status: 200, body: { id: 7n, orders: [] } } },
  ],
}

/** One scripted session: every kind of answer the fake gives, in order. */
async function session(fetch: FetchFn) {
  const postJson = (body: unknown) =>
    fetch(ORDERS_URL, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) })
  const valid = presignOrderBody()
  const missingKind = presignOrderBody()
  delete missingKind.kind
  const created = await postJson(valid)
  const uid = (await created.clone().json()) as string
  return [
    created,
    await postJson(valid),
    await fetch(`${SEPOLIA_ROOT}/api/v1/orders/${uid}`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/orders/0x${'cd'.repeat(56)}`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/orders/0x12?extra=1`),
    await postJson(missingKind),
    await fetch(ORDERS_URL, { method: 'POST', headers: JSON_HEADERS, body: '{"half":' }),
    await fetch(ORDERS_URL, { method: 'POST', body: JSON.stringify(valid) }),
    await fetch(`${SEPOLIA_ROOT}/api/v1/version`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/version`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/trades`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/orders/${uid}`, { method: 'DELETE' }),
    await fetch(`${SEPOLIA_ROOT}/api/v1/auction`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/app_data/${APP_DATA_HASH}`, {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ fullAppData: APP_DATA }),
    }),
    await fetch(`${SEPOLIA_ROOT}/api/v1/app_data/${APP_DATA_HASH}`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/app_data/0x${'00'.repeat(32)}`),
    await fetch(`${SEPOLIA_ROOT}/api/v1/solver_competition/latest`),
  ]
}

/** What a client can observe of a response: status, the headers that matter, the body bytes. */
async function observe(responses: Response[]) {
  return Promise.all(
    responses.map(async (response) => ({
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    })),
  )
}

describe('the orderbook transports', () => {
  let msw: MswOrderbook | undefined

  afterEach(() => {
    msw?.close()
    msw = undefined
  })

  it('MSW puts the book on the real global fetch path', async () => {
    const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
    msw = startMswOrderbook(book)
    const response = await fetch(ORDERS_URL, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(presignOrderBody()),
    })
    expect(response.status).toBe(201)
    expect(book.storedOrders().map((o) => o.uid)).toEqual([await response.json()])
  })

  it('MSW and the in-process fetch answer the same session byte for byte', async () => {
    const viaMswBook = await FakeOrderbook.create({ clock: new VirtualClock(START_MS), behaviour })
    msw = startMswOrderbook(viaMswBook)
    const viaMsw = await observe(await session(fetch))
    msw.close()

    const inProcessBook = await FakeOrderbook.create({ clock: new VirtualClock(START_MS), behaviour })
    const inProcess = await observe(await session(inProcessFetch(inProcessBook)))

    expect(inProcess).toEqual(viaMsw)
    expect(inProcessBook.exchanges).toEqual(viaMswBook.exchanges)
    expect(inProcessBook.failures).toEqual(viaMswBook.failures)
    // The session covers what it claims to: every status class the fake produces.
    expect(viaMsw.map((r) => r.status)).toEqual([
      201, 400, 200, 404, 400, 422, 400, 415, 429, 200, 502, 204, 200, 201, 200, 404, 404,
    ])
    expect(viaMsw[12]?.body).toBe('{"id":"7","orders":[]}')
    expect(viaMsw[8]?.retryAfter).toBe('17')
    expect(viaMsw[10]?.contentType).toBe('text/html')
    expect(viaMswBook.failures.map((f) => f.url)).toEqual([`${SEPOLIA_ROOT}/api/v1/solver_competition/latest`])
  })

  it('both refuse a URL under no orderbook root without sending it, and record the failure', async () => {
    const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
    msw = startMswOrderbook(book)
    await expect(fetch('https://example.com/api/v1/orders', { method: 'POST', body: '{}' })).rejects.toThrow(
      UNHANDLED_REQUEST_MESSAGE,
    )
    await expect(fetch('https://api.cow.fi/goerli/api/v1/version')).rejects.toThrow(UNHANDLED_REQUEST_MESSAGE)
    msw.close()
    await expect(
      inProcessFetch(book)('https://example.com/api/v1/orders', { method: 'POST', body: '{}' }),
    ).rejects.toThrow(UNHANDLED_REQUEST_MESSAGE)
    expect(book.failures.map((f) => `${f.method} ${f.url}`)).toEqual([
      'POST https://example.com/api/v1/orders',
      'GET https://api.cow.fi/goerli/api/v1/version',
      'POST https://example.com/api/v1/orders',
    ])
    expect(book.exchanges).toEqual([])
  })

  it('MSW runs one server at a time, and starts and closes many times in one process', async () => {
    const unpatched = globalThis.fetch
    const first = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
    msw = startMswOrderbook(first)
    expect(() => startMswOrderbook(first)).toThrow(MswAlreadyActiveError)
    msw.close()
    msw.close()
    for (let round = 0; round < 25; round++) {
      const book = await FakeOrderbook.create({
        clock: new VirtualClock(START_MS),
        behaviour: {
          default: 'accept',
          rules: [{ match: { path: '/api/v1/version' }, respond: { status: 200, text: `round ${round}` } }],
        },
      })
      msw = startMswOrderbook(book)
      expect(await (await fetch(`${SEPOLIA_ROOT}/api/v1/version`)).text()).toBe(`round ${round}`)
      await expect(fetch(`https://example.com/round/${round}`)).rejects.toThrow(UNHANDLED_REQUEST_MESSAGE)
      msw.close()
      expect(globalThis.fetch).toBe(unpatched)
      // The server is built once for these roots: each round's book sees its own requests only.
      expect(book.exchanges).toHaveLength(1)
      expect(book.failures.map((f) => f.url)).toEqual([`https://example.com/round/${round}`])
    }
    expect(first.exchanges).toEqual([])
    expect(first.failures).toEqual([])
  })

  it('keepMswListening: books in turn on one listening server, nothing answered between them, globals restored after', async () => {
    const unpatched = globalThis.fetch
    const books: FakeOrderbook[] = []
    await keepMswListening(async () => {
      for (let round = 0; round < 3; round++) {
        const book = await FakeOrderbook.create({
          clock: new VirtualClock(START_MS),
          behaviour: {
            default: 'accept',
            rules: [{ match: { path: '/api/v1/version' }, respond: { status: 200, text: `round ${round}` } }],
          },
        })
        books.push(book)
        msw = startMswOrderbook(book)
        expect(() => startMswOrderbook(book)).toThrow(MswAlreadyActiveError)
        expect(await (await fetch(`${SEPOLIA_ROOT}/api/v1/version`)).text()).toBe(`round ${round}`)
        msw.close()
        // Still intercepted, but no book: a network error, not an answer, not the network.
        expect(globalThis.fetch).not.toBe(unpatched)
        await expect(fetch(`${SEPOLIA_ROOT}/api/v1/version`)).rejects.toThrow()
        await expect(fetch('https://example.com/between')).rejects.toThrow(UNHANDLED_REQUEST_MESSAGE)
      }
    })
    expect(globalThis.fetch).toBe(unpatched)
    expect(books.map((b) => b.exchanges.length)).toEqual([1, 1, 1])
    expect(books.map((b) => b.failures.length)).toEqual([0, 0, 0])
  })

  it('both reject a never-answered request when the caller aborts it, and clear it from pending', async () => {
    const never: OrderbookBehaviour = {
      default: 'accept',
      rules: [{ match: { path: '/api/v1/orders/*' }, respond: { delay: 'never' } }],
    }
    const mswBook = await FakeOrderbook.create({ clock: new VirtualClock(START_MS), behaviour: never })
    const inProcessBook = await FakeOrderbook.create({ clock: new VirtualClock(START_MS), behaviour: never })
    msw = startMswOrderbook(mswBook)
    for (const [book, fetchFn] of [
      [mswBook, fetch],
      [inProcessBook, inProcessFetch(inProcessBook)],
    ] as const) {
      const abort = new AbortController()
      const pending = fetchFn(`${SEPOLIA_ROOT}/api/v1/orders/0x1`, { signal: abort.signal })
      await vitestPoll(() => book.pendingRequests().length === 1)
      abort.abort()
      await expect(pending).rejects.toThrow(/abort/i)
      await vitestPoll(() => book.pendingRequests().length === 0)
    }
  })

  it('MSW lets configured origins (anvil mode) through to the network', async () => {
    const server = createServer((request, response) => response.end(`real ${request.method} ${request.url}`))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
      msw = startMswOrderbook(book, { passthroughOrigins: [origin] })
      expect(await (await fetch(`${origin}/rpc`, { method: 'POST', body: '{}' })).text()).toBe('real POST /rpc')
      expect(book.failures).toEqual([])
    } finally {
      server.close()
    }
  })
})

/** Waits (bounded) until `done` holds: MSW resolves handlers over a few event-loop turns. */
async function vitestPoll(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setImmediate(resolve))
  expect(done()).toBe(true)
}
