// What `GET /api/v1/orders/{uid}` answered. The cow-api host's `request` returns the body whatever
// the status and does not expose the status, so the answer is read from the body
// (docs/orderbook.md): an `Order` (it carries `uid` and `status`) is a 200; the
// `{"errorType":"NotFound"}` envelope is the 404; anything else is a failure.
import { parseOrderbookErrorBody } from '../sdk/index.js'

export type OrderLookup = { kind: 'found'; status: string } | { kind: 'not-found' } | { kind: 'failed'; detail: string }

/** Long bodies (an HTML error page) are cut so one lookup cannot flood the log. */
export const MAX_DETAIL_CHARS = 300

export function classifyOrderLookup(uid: string, body: string): OrderLookup {
  const envelope = parseOrderbookErrorBody(body)
  if (envelope?.errorType === 'NotFound') return { kind: 'not-found' }
  if (envelope === undefined) {
    const order = parseObject(body)
    if (
      order !== undefined &&
      typeof order.status === 'string' &&
      typeof order.uid === 'string' &&
      order.uid.toLowerCase() === uid.toLowerCase()
    ) {
      return { kind: 'found', status: order.status }
    }
  }
  return { kind: 'failed', detail: describeBody(body) }
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

export function describeBody(body: string): string {
  const text = body.trim()
  if (text === '') return 'empty body'
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text
}
