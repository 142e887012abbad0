// `cow-api`: the orderbook, exactly as docs/orderbook.md says. Unlike the Rust engine, a rejected
// submission keeps its HTTP status (code) and body (data), so the SDK's classifier can tell a
// permanent rejection from a retriable one. Every exchange runs under the orderbook deadline and
// is aborted when it passes. Edge cases the spec leaves open: docs/decisions/0022-cow-api-host-edges.md.
import type { Clock } from '../clock/clock.js'
import { DeadlineExceeded, withDeadline } from '../clock/deadline.js'
import type { ChainConfig, EngineLimits } from '../config/types.js'
import type { CowApiHost } from '../module-api/host.js'
import { HostError, type HostErrorKind } from '../module-api/host-error.js'
import { parseOrderbookErrorBody } from '../module-api/orderbook-error-body.js'
import type { FetchFn } from '../world.js'
import { CowApiError } from './cow-api-error.js'
import { errorMessage } from './host-call-errors.js'
import { orderbookBaseUrl, orderbookUrl } from './orderbook-base-url.js'
import { retryAfterSeconds } from './retry-after.js'

const DOMAIN = 'cow-api'
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE'])
const ORDER_UID = /^0x[0-9a-fA-F]{112}$/

/** The largest orderbook answer read (decision 0026): an order list or an error is far below it. */
export const MAX_ORDERBOOK_BODY_BYTES = 1_048_576
/** How much of an oversized body the error shows. */
const OVERSIZED_PREFIX_BYTES = 200

export interface CowApiHostDeps {
  chains: readonly ChainConfig[]
  fetch: FetchFn
  clock: Clock
  limits: Pick<EngineLimits, 'orderbookTimeoutMs'>
}

interface Answer {
  status: number
  body: string
  retryAfter: string | undefined
}

export function createCowApiHost(deps: CowApiHostDeps): CowApiHost {
  const baseUrl = (chainId: number): string => {
    const base = orderbookBaseUrl(chainId, deps.chains)
    if (base === undefined) {
      throw new HostError({
        domain: DOMAIN,
        kind: 'unsupported',
        code: 501,
        message: `chain ${chainId} not in cowprotocol`,
      })
    }
    return base
  }

  const exchange = async (method: string, url: string, path: string, body: string | undefined): Promise<Answer> => {
    const abort = new AbortController()
    // A redirect is an answer, never followed: a signed order is not re-sent to another host
    // (decision 0026). The same in simulation and live.
    const init: RequestInit = { method, signal: abort.signal, redirect: 'manual' }
    if (body !== undefined) {
      init.body = body
      init.headers = { 'content-type': 'application/json' }
    }
    const work = (async (): Promise<Answer> => {
      const response = await deps.fetch(url, init)
      const text = await readCapped(response, MAX_ORDERBOOK_BODY_BYTES)
      return { status: response.status, body: text, retryAfter: response.headers.get('retry-after') ?? undefined }
    })()
    try {
      return await withDeadline(deps.clock, deps.limits.orderbookTimeoutMs, `orderbook ${method} ${path}`, work)
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        abort.abort(error)
        throw new HostError({ domain: DOMAIN, kind: 'timeout', code: 0, message: error.message })
      }
      throw error
    }
  }

  return {
    async submitOrder(chainId, orderJson) {
      // Decoded before the chain lookup, as in the Rust engine.
      assertOrderCreationJson(orderJson)
      const url = orderbookUrl(baseUrl(chainId), 'api/v1/orders')
      let answer: Answer
      try {
        answer = await exchange('POST', url, '/api/v1/orders', orderJson)
      } catch (error) {
        if (error instanceof HostError) throw error
        throw new HostError({
          domain: DOMAIN,
          kind: 'unavailable',
          code: 0,
          message: `orderbook unreachable: ${describeFetchError(error)}`,
        })
      }
      if (answer.status === 201) return createdUid(answer)
      throw rejection(answer, deps.clock.now())
    },

    async request(chainId, method, path, body) {
      const verb = method.toUpperCase()
      if (!HTTP_METHODS.has(verb)) {
        throw new HostError({
          domain: DOMAIN,
          kind: 'invalid-input',
          code: 0,
          message: `unsupported HTTP method: ${verb}`,
        })
      }
      if (verb === 'GET' && body !== undefined) {
        throw new HostError({
          domain: DOMAIN,
          kind: 'invalid-input',
          code: 0,
          message: 'a GET request cannot carry a body',
        })
      }
      const url = orderbookUrl(baseUrl(chainId), path)
      try {
        new URL(url)
      } catch (error) {
        throw new HostError({
          domain: DOMAIN,
          kind: 'invalid-input',
          code: 0,
          message: `"${path}": ${errorMessage(error)}`,
        })
      }
      try {
        return (await exchange(verb, url, path, body)).body
      } catch (error) {
        if (error instanceof HostError) throw error
        throw new HostError({
          domain: DOMAIN,
          kind: 'internal',
          code: 0,
          message: `network: ${describeFetchError(error)}`,
        })
      }
    },
  }
}

function assertOrderCreationJson(orderJson: string): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(orderJson)
  } catch (error) {
    throw invalidOrder(errorMessage(error))
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidOrder(
      `expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`,
    )
  }
}

function invalidOrder(detail: string): HostError {
  return new HostError({
    domain: DOMAIN,
    kind: 'invalid-input',
    code: 0,
    message: `invalid OrderCreation JSON: ${detail}`,
  })
}

/** The body as text, refused past `cap` bytes (the stream is cancelled, not drained). */
async function readCapped(response: Response, cap: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
    if (size > cap) {
      void reader.cancel().catch(() => {})
      const head = Buffer.concat(chunks).subarray(0, OVERSIZED_PREFIX_BYTES).toString('utf8')
      throw new HostError({
        domain: DOMAIN,
        kind: 'unavailable',
        code: response.status,
        message: `orderbook answer larger than the ${cap}-byte cap (status ${response.status}); it began: ${JSON.stringify(head)}`,
      })
    }
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** 201's body is the UID as a JSON string; modules get it lowercased, as the Rust engine returned it. */
function createdUid(answer: Answer): string {
  let uid: unknown
  try {
    uid = JSON.parse(answer.body)
  } catch {
    uid = undefined
  }
  if (typeof uid !== 'string' || !ORDER_UID.test(uid)) {
    throw new HostError({
      domain: DOMAIN,
      kind: 'internal',
      code: 201,
      message: 'orderbook answered 201 without an order UID',
      data: answer.body,
    })
  }
  return uid.toLowerCase()
}

/** Any answer but 201: status as code, body verbatim as data, the envelope in the message. */
export function rejection(answer: Answer, nowMs: number): CowApiError {
  const envelope = parseOrderbookErrorBody(answer.body)
  let message = envelope
    ? `orderbook error (${envelope.errorType}): ${envelope.description}`
    : `orderbook answered ${answer.status}`
  let retryAfter: number | undefined
  if (answer.retryAfter !== undefined) {
    message += ` (retry-after ${answer.retryAfter.slice(0, 64)})`
    retryAfter = retryAfterSeconds(answer.retryAfter, nowMs)
  }
  return new CowApiError({
    domain: DOMAIN,
    kind: kindForStatus(answer.status),
    code: answer.status,
    message,
    data: answer.body,
    retryAfterSeconds: retryAfter,
  })
}

export function kindForStatus(status: number): HostErrorKind {
  if (status === 429) return 'rate-limited'
  if (status >= 400 && status < 500) return 'denied'
  if (status >= 500 && status < 600) return 'unavailable'
  return 'internal' // a 1xx/2xx/3xx other than 201: not an answer the orderbook gives
}

/** undici's `fetch failed` hides the reason in `cause`. */
function describeFetchError(error: unknown): string {
  const message = errorMessage(error)
  const cause = (error as { cause?: unknown } | null)?.cause
  return cause === undefined ? message : `${message}: ${errorMessage(cause)}`
}
