// The fake orderbook's wire shapes, independent of any transport: a request as it arrives, an
// answer as it leaves, and the one function both transports use to turn an answer into a fetch
// Response (so MSW and the in-process path give the same bytes).
import { STATUS_CODES } from 'node:http'
import { parseOrderbookErrorBody } from '../../engine/module-api/index.js'
import { BaseError } from '../../engine/errors/base-error.js'

export interface OrderbookRequest {
  method: string
  url: string
  /** Lowercase names. */
  headers: Record<string, string>
  body?: string | undefined
  /** The caller's abort signal: a delayed or never-answered request rejects when it fires. */
  signal?: AbortSignal | undefined
}

export interface OrderbookAnswer {
  status: number
  /** Lowercase names. */
  headers: Record<string, string>
  body: string
}

/** What the real server (axum) sends with JSON and with plain-text bodies. */
export const JSON_CONTENT_TYPE = 'application/json'
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8'

export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): OrderbookAnswer {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: stringifyJson(value) }
}

export function textAnswer(status: number, text: string): OrderbookAnswer {
  return { status, headers: { 'content-type': TEXT_CONTENT_TYPE }, body: text }
}

export function emptyAnswer(status: number): OrderbookAnswer {
  return { status, headers: {}, body: '' }
}

/** The orderbook's error envelope, `{errorType, description}`, keys in the server's order. */
export function errorAnswer(status: number, errorType: string, description: string): OrderbookAnswer {
  return jsonAnswer(status, { errorType, description })
}

/** `errorType` of an envelope body, if it is one (the engine's and the SDK's reading: decision 0075). */
export function envelopeErrorType(answer: OrderbookAnswer): string | undefined {
  return parseOrderbookErrorBody(answer.body)?.errorType
}

/** JSON text; bigints (from scenario YAML) become decimal strings, as the API spells amounts. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

/** Statuses whose responses carry no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

export class InvalidAnswerStatusError extends BaseError {
  override readonly name = 'InvalidAnswerStatusError'
}

export function toResponse(answer: OrderbookAnswer): Response {
  if (!Number.isInteger(answer.status) || answer.status < 200 || answer.status > 599) {
    throw new InvalidAnswerStatusError(`the fake orderbook cannot answer with HTTP status ${answer.status} (200..599)`)
  }
  // An empty body goes out as no body: a '' string would make fetch add `text/plain`.
  const body = NULL_BODY_STATUSES.has(answer.status) || answer.body === '' ? null : answer.body
  // HTTP/1.1 reason phrases, as hyper sends them ("Bad Request"); CoW's client shows it as the
  // error message when the body is JSON.
  return new Response(body, { status: answer.status, statusText: reasonPhrase(answer.status), headers: answer.headers })
}

/** The standard reason phrase of a status, `''` for one without. */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? ''
}

/** Headers of a fetch Request as a plain record with lowercase names. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {}
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value
  })
  return record
}
