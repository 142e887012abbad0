// The orderbook on the engine's real fetch path: msw's setupServer patches the process's
// globals (fetch, http.request, XMLHttpRequest), so the cow-api host's ordinary `fetch` lands
// in the book. Requests under no orderbook root are refused by msw's "error" strategy: they
// reject with msw's message, are recorded as the book's failures, and never reach a network.
// msw patches process-wide globals, so one server runs at a time (decision 0072).
import { BaseError } from '../../engine/errors/base-error.js'
import { http, HttpHandler, type HttpRequestParsedResult, HttpResponse, passthrough, RequestHandler } from 'msw'
import { type SetupServer, setupServer } from 'msw/node'
import type { FakeOrderbook } from './fake-orderbook.js'
import { headersToRecord, toResponse } from './orderbook-http.js'
import { mswKept, whenMswKeepEnds } from './msw-keep.js'

export interface MswOrderbookOptions {
  /**
   * Origins whose requests go to the real network untouched, e.g. anvil mode's
   * `http://127.0.0.1:8545`. Empty in fixture mode: nothing leaves the process.
   */
  passthroughOrigins?: readonly string[] | undefined
}

export interface MswOrderbook {
  /** Restores the globals; safe to call more than once. */
  close(): void
}

export class MswAlreadyActiveError extends BaseError {
  override readonly name = 'MswAlreadyActiveError'
  constructor() {
    super('an MSW orderbook is already intercepting this process; close it before starting another')
  }
}

let active: SetupServer | undefined
/** The book the active server answers for; read as a request reaches its handler. */
let activeBook: FakeOrderbook | undefined

/**
 * One server per set of routes (the orderbook roots and passthrough origins), built on first use
 * and listened / closed per run: building msw's handlers captures a stack per handler (~1 ms
 * under source maps), which every scenario paid (decision 0173). The handlers answer for
 * whichever book is active, so nothing of one run's book reaches another's.
 */
const servers = new Map<string, SetupServer>()

const answer = async ({ request }: { request: Request }): Promise<Response> => {
  const book = activeBook
  if (!book) return HttpResponse.error()
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
  try {
    const reply = await book.handle({
      method: request.method,
      url: request.url,
      headers: headersToRecord(request.headers),
      body,
      signal: request.signal,
    })
    return toResponse(reply)
  } catch {
    // The caller aborted (its fetch has already rejected), or no root matched after all:
    // a network error, never a made-up HTTP answer.
    return HttpResponse.error()
  }
}

function serverFor(roots: readonly string[], passthroughOrigins: readonly string[]): SetupServer {
  const key = JSON.stringify([roots, passthroughOrigins])
  let server = servers.get(key)
  if (!server) {
    server = setupServer(
      ...passthroughOrigins.map((origin) => http.all(`${trimSlash(origin)}/*`, () => passthrough())),
      new OrderbookRootsHandler(roots, answer),
    )
    server.events.on('request:unhandled', ({ request }) => {
      activeBook?.recordUnroutable(request.method, request.url)
    })
    servers.set(key, server)
  }
  return server
}

/** The server whose interceptors are applied (may outlive its book inside keepMswListening). */
let listening: SetupServer | undefined

export function startMswOrderbook(book: FakeOrderbook, options: MswOrderbookOptions = {}): MswOrderbook {
  if (active !== undefined) throw new MswAlreadyActiveError()
  const server = serverFor(
    book.roots().map(({ root }) => root),
    options.passthroughOrigins ?? [],
  )
  activeBook = book
  if (listening !== server) {
    listening?.close()
    server.listen({ onUnhandledRequest: 'error' })
    listening = server
  }
  active = server

  let closed = false
  return {
    close() {
      if (closed) return
      closed = true
      if (active === server) {
        active = undefined
        activeBook = undefined
      }
      if (listening !== server) return
      const stop = () => {
        if (active === undefined && listening === server) {
          server.close()
          listening = undefined
        }
      }
      if (mswKept()) whenMswKeepEnds(stop)
      else stop()
    },
  }
}

/**
 * One handler for every root, matched by a prefix test: msw tries each handler in turn and, per
 * handler, compiles its path pattern and parses the request's cookies, so two handlers per root
 * (24 for the public and staging roots) cost ~1 ms per request. Same URLs as msw's own `root` and
 * `root/*` patterns: query and hash ignored, case-insensitive, `root` with or without a slash.
 */
export function underAnyRoot(roots: readonly string[]): (args: { request: Request }) => boolean {
  const prefixes = roots.map((root) => trimSlash(root).toLowerCase())
  return ({ request }) => {
    const url = new URL(request.url)
    const clean = `${url.origin}${url.pathname}`.toLowerCase()
    return prefixes.some((prefix) => clean === prefix || clean.startsWith(`${prefix}/`))
  }
}

/**
 * msw's `http.all(underAnyRoot(roots), resolver)`, without msw's reading of the request's cookies:
 * its parse reads them (tough-cookie's store and the Cookie header) on every request, for the
 * resolver's `cookies` argument, which the book never reads (~5 % of msw's request path). The
 * routing is `underAnyRoot`; the method match, the resolver's run and every lifecycle event are
 * msw's own (decision 0238).
 */
export class OrderbookRootsHandler extends HttpHandler {
  readonly #under: (args: { request: Request }) => boolean

  constructor(roots: readonly string[], resolver: (args: { request: Request }) => Promise<Response>) {
    const under = underAnyRoot(roots)
    super(/.+/, under, resolver)
    this.#under = under
  }

  override async parse(args: { request: Request }): Promise<HttpRequestParsedResult> {
    return { match: { matches: this.#under(args), params: {} }, cookies: {} }
  }

  /**
   * msw's run clones each request first (`RequestHandler.cache`), a copy kept for its logs: for a
   * POST, a tee of the body stream and a second Request with its own AbortSignal (~15 % of a
   * request's CPU). setupServer never logs (its resolution is `quiet`) and drops that copy, so the
   * request stands for its own clone; the resolver reads the request itself, as before (decision 0253).
   */
  override run(args: Parameters<HttpHandler['run']>[0]): ReturnType<HttpHandler['run']> {
    if (!RequestHandler.cache.has(args.request)) RequestHandler.cache.set(args.request, args.request)
    return super.run(args)
  }
}

function trimSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text
}
