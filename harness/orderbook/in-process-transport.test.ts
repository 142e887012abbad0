import { afterEach, describe, expect, it } from 'vitest'
import type { FetchFn } from '../../engine/world.js'
import { FakeOrderbook } from './fake-orderbook.js'
import { inProcessFetch } from './in-process-transport.js'
import { type MswOrderbook, startMswOrderbook } from './msw-transport.js'
import { sharedOrderCreationValidator } from './order-creation-validator.js'
import type { OrderbookAnswer, OrderbookRequest } from './orderbook-http.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { SEPOLIA_ROOT, START_MS, presignOrderBody } from './test-helpers.js'

/** A real book that also keeps the requests as they reached it. */
class RecordingOrderbook extends FakeOrderbook {
  readonly seen: Omit<OrderbookRequest, 'signal'>[] = []
  override handle(request: OrderbookRequest): Promise<OrderbookAnswer> {
    const { signal: _signal, ...rest } = request
    this.seen.push(rest)
    return super.handle(request)
  }
}

async function calls(fetchFn: FetchFn): Promise<void> {
  await fetchFn('https://API.cow.fi:443/sepolia/api/v1/orders', {
    method: 'post',
    headers: new Headers({ 'Content-Type': 'application/json', 'X-Trace': 'a' }),
    body: JSON.stringify(presignOrderBody()),
  })
  await fetchFn(`${SEPOLIA_ROOT}/api/v1/version?x=%41`, { headers: [['Accept', 'text/plain']] })
  await fetchFn(`${SEPOLIA_ROOT}/api/v1/app_data`, { method: 'PUT', body: '{"fullAppData":"{}"}' })
}

describe('inProcessFetch', () => {
  let msw: MswOrderbook | undefined
  afterEach(() => msw?.close())

  it('hands the book the same request fetch under MSW does', async () => {
    const validator = await sharedOrderCreationValidator()
    const viaMsw = new RecordingOrderbook({ clock: new VirtualClock(START_MS), validator })
    msw = startMswOrderbook(viaMsw)
    await calls(fetch)
    msw.close()
    const inProcess = new RecordingOrderbook({ clock: new VirtualClock(START_MS), validator })
    await calls(inProcessFetch(inProcess))

    const comparable = (seen: RecordingOrderbook['seen']) =>
      seen.map(({ headers, ...rest }) => ({
        ...rest,
        // MSW's interceptor and undici add transport headers of their own; compare what the caller set.
        headers: Object.fromEntries(
          Object.entries(headers).filter(([name]) => ['content-type', 'x-trace', 'accept'].includes(name)),
        ),
      }))
    expect(comparable(inProcess.seen)).toEqual(comparable(viaMsw.seen))
    expect(inProcess.seen[0]).toMatchObject({ method: 'POST', url: 'https://api.cow.fi/sepolia/api/v1/orders' })
    expect(inProcess.seen[2]?.headers['content-type']).toBe('text/plain;charset=UTF-8')
    expect(inProcess.exchanges.map((e) => e.status)).toEqual([201, 200, 415])
  })

  it('refuses a body on GET, as fetch does', async () => {
    const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
    await expect(inProcessFetch(book)(`${SEPOLIA_ROOT}/api/v1/version`, { body: 'x' })).rejects.toThrow(TypeError)
    expect(book.exchanges).toEqual([])
  })

  it('rejects at once with the reason of an already aborted signal', async () => {
    const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS) })
    const signal = AbortSignal.abort(new Error('too late'))
    await expect(inProcessFetch(book)(`${SEPOLIA_ROOT}/api/v1/version`, { signal })).rejects.toThrow('too late')
    expect(book.exchanges).toEqual([])
  })
})
