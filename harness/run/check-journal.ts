// `expect.journal` (decision 0190): the orders posted, in arrival order, each with its exact body
// (compared as JSON, key order ignored) and the block the chain was at when it arrived. Pure: the
// same check judges an in-process run, a served world's external engine, and both sides of a diff.
import type { OrderbookExchange } from '../orderbook/fake-orderbook.js'
import type { JournalExpect } from '../scenario/types.js'

/** One POST /api/v1/orders as the orderbook received it. */
export interface PostedOrder {
  chainId: number
  /** The head of the chain when the request arrived; undefined when the world could not tell. */
  afterBlock: number | undefined
  /** The body as it arrived (text). */
  body: string | undefined
  /** null: never answered. */
  status: number | null
}

export function checkJournal(
  want: readonly JournalExpect[],
  got: readonly PostedOrder[],
  fail: (path: string, wanted: string, got: string) => void,
): void {
  const n = Math.max(want.length, got.length)
  for (let i = 0; i < n; i++) {
    const w = want[i]
    const g = got[i]
    if (w === undefined) {
      fail(`journal`, `${want.length} order(s) posted`, `${got.length}; the extra one: ${describePost(g!)}`)
      return
    }
    if (g === undefined) {
      fail(`journal[${i}]`, `an order posted after block ${w.afterBlock}`, `${got.length} order(s) posted in all`)
      return
    }
    if (w.chain !== undefined && w.chain !== g.chainId) fail(`journal[${i}].chain`, String(w.chain), String(g.chainId))
    if (g.afterBlock !== w.afterBlock)
      fail(
        `journal[${i}].after_block`,
        String(w.afterBlock),
        g.afterBlock === undefined ? 'unknown' : String(g.afterBlock),
      )
    if (w.status !== undefined && w.status !== g.status)
      fail(`journal[${i}].status`, String(w.status), g.status === null ? 'no answer' : String(g.status))
    const difference = firstDifference(w.body, parseBody(g.body), '')
    if (difference !== undefined) fail(`journal[${i}].body${difference.path}`, difference.wanted, difference.got)
  }
}

/** The order creations among a book's exchanges, in arrival order. */
export function postedOrders(exchanges: readonly OrderbookExchange[]): PostedOrder[] {
  return exchanges
    .filter((x) => x.method === 'POST' && x.path === '/api/v1/orders')
    .map((x) => ({ chainId: x.chainId, afterBlock: x.afterBlock, body: x.requestBody, status: x.status }))
}

/** The posted body as JSON; text that is not JSON stays text (it then equals only the same string). */
export function parseBody(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export function describePost(post: PostedOrder): string {
  const block = post.afterBlock === undefined ? 'an unknown block' : `block ${post.afterBlock}`
  return `a POST after ${block} on chain ${post.chainId} answered ${post.status ?? 'never'}`
}

interface Difference {
  path: string
  wanted: string
  got: string
}

/** Where two JSON values first differ (depth first, keys sorted), as a key path below the body. */
export function firstDifference(want: unknown, got: unknown, path: string): Difference | undefined {
  if (isRecord(want) && isRecord(got)) {
    for (const key of [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()) {
      if (!(key in got)) return { path: `${path}.${key}`, wanted: show(want[key]), got: 'absent' }
      if (!(key in want)) return { path: `${path}.${key}`, wanted: 'absent', got: show(got[key]) }
      const inner = firstDifference(want[key], got[key], `${path}.${key}`)
      if (inner) return inner
    }
    return undefined
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) return { path, wanted: `${want.length} item(s)`, got: `${got.length} item(s)` }
    for (let i = 0; i < want.length; i++) {
      const inner = firstDifference(want[i], got[i], `${path}[${i}]`)
      if (inner) return inner
    }
    return undefined
  }
  if (Object.is(want, got)) return undefined
  return { path, wanted: show(want), got: show(got) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}
