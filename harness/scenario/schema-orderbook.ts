// `orderbook:` (top level and the `orderbook:` step): rules tried in order, then the default.
import * as z from 'zod'
import { converted, delay, jsonValue, listOf, oneOf, positiveInt, strictMap, text } from './schema-primitives.js'
import { REJECTION_NAMES } from '../orderbook/rejection-catalogue.js'
import type { OrderbookBehaviour, OrderbookRule } from './types.js'

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const

/** Any case in the file; upper case in the scenario. */
const httpMethod = converted(`an HTTP method: one of ${HTTP_METHODS.join(', ')}`, (v) => {
  if (typeof v !== 'string') return undefined
  const upper = v.toUpperCase()
  return (HTTP_METHODS as readonly string[]).includes(upper) ? upper : undefined
})

const apiPath = converted('a path starting with / (relative to the API root, * matches within a segment)', (v) =>
  typeof v === 'string' && v.startsWith('/') ? v : undefined,
)

const httpStatus = converted('an HTTP status (a whole number from 100 to 599)', (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599 ? v : undefined,
)

/** Header values may be written unquoted (`Retry-After: 5`). */
const headerValue = converted('a header value (a string or a number)', (v) =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined,
)

/** A catalogue name; the message names a few and where the list lives (it is long). */
const rejectionName = converted(
  'a rejection named in docs/orderbook.md (InsufficientBalance, SellAmountOverflow, JsonDataError, LengthRequired, ...)',
  (v) => (typeof v === 'string' && REJECTION_NAMES.includes(v) ? v : undefined),
)

const respond = strictMap({
  status: httpStatus.optional(),
  body: jsonValue.optional(),
  text: text.optional(),
  headers: z.record(z.string(), headerValue, { error: 'a map of header names to values' }).optional(),
  delay: delay.optional(),
  reject: rejectionName.optional(),
  description: text.optional(),
}).transform((r, ctx): OrderbookRule['respond'] => {
  if (r.body !== undefined && r.text !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'either body (JSON) or text, not both',
      params: { found: 'both' },
      path: ['text'],
    })
  }
  if (r.reject !== undefined && (r.body !== undefined || r.text !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'reject names the whole answer: no body or text beside it (status and description may adjust it)',
      params: { found: r.body !== undefined ? 'body' : 'text' },
      path: [r.body !== undefined ? 'body' : 'text'],
    })
  }
  if (r.description !== undefined && r.reject === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'description adjusts a `reject:` answer; without reject use body or text',
      params: { found: 'description without reject' },
      path: ['description'],
    })
  }
  return r
})

const rule = strictMap({
  match: strictMap({ method: httpMethod.optional(), path: apiPath }),
  respond,
  times: positiveInt.optional(),
}).transform((r): OrderbookRule => r)

export const orderbookBehaviour = strictMap({
  default: oneOf(['accept', 'reject']).default('accept'),
  rules: listOf(rule).default([]),
}).transform((b): OrderbookBehaviour => b)

export function defaultOrderbook(): OrderbookBehaviour {
  return { default: 'accept', rules: [] }
}
