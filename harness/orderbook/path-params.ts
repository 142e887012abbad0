// Path and query parameters as the server's extractors read them (axum 0.8 `Path`/`Query` over
// serde types): a value that does not parse is a 400 with axum's plain-text message. Hex is
// decoded as `const_hex` does (optional 0x; odd length, then length, then characters).
import type { Hex } from '../../engine/module-api/index.js'
import { type OrderbookAnswer, textAnswer } from './orderbook-http.js'

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: OrderbookAnswer }

/** const_hex's error for `text` as exactly `bytes` bytes, or undefined when it decodes. */
export function hexProblem(text: string, bytes: number): string | undefined {
  const digits = text.startsWith('0x') ? text.slice(2) : text
  if (digits.length % 2 !== 0) return 'odd number of digits'
  if (digits.length / 2 !== bytes) return 'invalid string length'
  const bad = /[^0-9a-fA-F]/.exec(digits)
  if (bad !== null) return `invalid character '${bad[0]}' at position ${bad.index}`
  return undefined
}

/** `Path<OrderUid>`: model::order::OrderUid's visitor message inside axum's "Invalid URL". */
export function orderUidParam(text: string): Parsed<Hex> {
  const problem = hexProblem(text, 56)
  if (problem !== undefined) {
    return {
      ok: false,
      answer: textAnswer(400, `Invalid URL: failed to decode ${JSON.stringify(text)} as hex uid: ${problem}`),
    }
  }
  return { ok: true, value: `0x${text.replace(/^0x/, '').toLowerCase()}` as Hex }
}

/** `Path<Address>` (alloy). */
export function addressParam(text: string): Parsed<Hex> {
  const problem = hexProblem(text, 20)
  if (problem !== undefined) return { ok: false, answer: textAnswer(400, `Invalid URL: ${problem}`) }
  return { ok: true, value: `0x${text.replace(/^0x/, '').toLowerCase()}` as Hex }
}

export interface TradeQuery {
  orderUid?: Hex | undefined
  owner?: Hex | undefined
  offset?: number | undefined
  limit?: number | undefined
}

/** `Query<QueryParams>`: unknown keys ignored, a value that does not parse → 400. */
export function pageQuery(query: string, keys: readonly (keyof TradeQuery)[]): Parsed<TradeQuery> {
  const params = new URLSearchParams(query)
  const out: TradeQuery = {}
  const fail = (key: string, problem: string): Parsed<TradeQuery> => ({
    ok: false,
    answer: textAnswer(400, `Failed to deserialize query string: ${key}: ${problem}`),
  })
  for (const key of keys) {
    const value = params.get(key)
    if (value === null) continue
    if (key === 'offset' || key === 'limit') {
      if (!/^\+?[0-9]+$/.test(value))
        return fail(key, value === '' ? 'cannot parse integer from empty string' : 'invalid digit found in string')
      const n = Number(value)
      if (!Number.isSafeInteger(n)) return fail(key, 'number too large to fit in target type')
      out[key] = n
    } else if (key === 'orderUid') {
      const problem = hexProblem(value, 56)
      if (problem !== undefined) return fail(key, `failed to decode ${JSON.stringify(value)} as hex uid: ${problem}`)
      out.orderUid = `0x${value.replace(/^0x/, '').toLowerCase()}` as Hex
    } else {
      const problem = hexProblem(value, 20)
      if (problem !== undefined) return fail(key, problem)
      out.owner = `0x${value.replace(/^0x/, '').toLowerCase()}` as Hex
    }
  }
  return { ok: true, value: out }
}
