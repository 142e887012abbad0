// The one-handler predicate (underAnyRoot) against msw's own `root` and `root/*` patterns: msw's
// handlers are the judge, so a URL one would route and the other refuse fails here.
import fc from 'fast-check'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { OrderbookRootsHandler, underAnyRoot } from './msw-transport.js'
import { OrderbookRoots } from './orderbook-roots.js'

const ROOTS = [...new OrderbookRoots(new Map([['http://127.0.0.1:4010/', 1]])).list().map(({ root }) => root)]
const patterns = ROOTS.flatMap((root) => [
  http.all(root, () => HttpResponse.text('')),
  http.all(`${root}/*`, () => HttpResponse.text('')),
])
const predicate = underAnyRoot(ROOTS)

async function mswMatches(url: string): Promise<boolean> {
  for (const handler of patterns) {
    if (await handler.test({ request: new Request(url), resolutionContext: {} })) return true
  }
  return false
}

const flipCase = (text: string, mask: number): string =>
  [...text].map((c, i) => ((mask >> (i % 31)) & 1 ? c.toUpperCase() : c)).join('')

const url = fc
  .tuple(
    fc.constantFrom(...ROOTS, 'https://api.cow.fi', 'https://barn.api.cow.fi/', 'https://example.com/mainnet'),
    fc.constantFrom('', '/', 'x', '-x', '/api/v1/orders', '/api/v1/orders/0xab', '//api', '/%2Fa'),
    fc.constantFrom('', '?a=1', '#h', '?', '?x=/mainnet'),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  )
  .map(([root, path, tail, mask]) => `${flipCase(root, mask)}${path}${tail}`)
  .filter((u) => URL.canParse(u))

describe('underAnyRoot', () => {
  it('routes exactly the URLs msw routes with a `root` and a `root/*` handler per root', async () => {
    await fc.assert(
      fc.asyncProperty(url, async (u) => {
        expect(predicate({ request: new Request(u) }), u).toBe(await mswMatches(u))
      }),
      { numRuns: 400 },
    )
  })

  it('refuses a neighbour that only shares a prefix with a root', () => {
    expect(predicate({ request: new Request('https://api.cow.fi/sepolia/api/v1/orders') })).toBe(true)
    expect(predicate({ request: new Request('https://api.cow.fi/sepoliax/api/v1/orders') })).toBe(false)
  })
})

describe('OrderbookRootsHandler (decision 0238)', () => {
  const handler = new OrderbookRootsHandler(ROOTS, async () => HttpResponse.text('book'))

  it('routes exactly the URLs msw routes with a `root` and a `root/*` handler per root, any method', async () => {
    await fc.assert(
      fc.asyncProperty(url, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'), async (u, method) => {
        const request = new Request(u, { method })
        expect(await handler.test({ request, resolutionContext: {} }), u).toBe(await mswMatches(u))
      }),
      { numRuns: 200 },
    )
  })

  it("answers with the resolver, and never reads the request's cookies", async () => {
    const request = new Request(`${ROOTS[0]}/api/v1/orders`, { method: 'POST', headers: { cookie: 'session=1' } })
    expect(await handler.parse({ request })).toEqual({ match: { matches: true, params: {} }, cookies: {} })
    const run = await handler.run({ request, requestId: 'r1' })
    expect(await run?.response?.text()).toBe('book')
  })
})

describe('OrderbookRootsHandler on a POST (decision 0253)', () => {
  it("makes no copy of the request: the resolver reads the request's own body, and an unrouted one stays unread", async () => {
    let read = ''
    const handler = new OrderbookRootsHandler(ROOTS, async ({ request }) => {
      read = await request.text()
      return HttpResponse.text('book')
    })
    const clones = vi.spyOn(Request.prototype, 'clone')
    try {
      const request = new Request(`${ROOTS[0]}/api/v1/orders`, { method: 'POST', body: '{"kind":"sell"}' })
      const run = await handler.run({ request, requestId: 'r2' })
      expect(await run?.response?.text()).toBe('book')
      expect(read).toBe('{"kind":"sell"}')
      expect(request.bodyUsed).toBe(true)
      const elsewhere = new Request('https://example.com/api/v1/orders', { method: 'POST', body: 'kept' })
      expect(await handler.run({ request: elsewhere, requestId: 'r3' })).toBeNull()
      expect(await elsewhere.text()).toBe('kept')
      expect(clones).not.toHaveBeenCalled()
    } finally {
      clones.mockRestore()
    }
  })
})
