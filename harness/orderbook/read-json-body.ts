// The server's `Json` extractor (axum 0.8), in its order: no JSON content type → 415; a body over
// the route's limit → 413; not JSON → 400; all three plain text, as axum answers them. A body of
// the wrong shape (422) is the caller's check, since it depends on the target type.
// serde's syntax messages are approximated from the JS parser's (decision 0077).
import { LENGTH_LIMIT_TEXT, MISSING_JSON_CONTENT_TYPE, JSON_SYNTAX_PREFIX } from './rejection-catalogue.js'
import { type OrderbookAnswer, type OrderbookRequest, textAnswer } from './orderbook-http.js'

/** `MAX_JSON_BODY_PAYLOAD` in services' api.rs: every route's body limit, 16 KiB. */
export const MAX_JSON_BODY_BYTES = 16 * 1024

export type JsonBody = { ok: true; value: unknown } | { ok: false; answer: OrderbookAnswer }

export function readJsonBody(request: OrderbookRequest, limitBytes = MAX_JSON_BODY_BYTES): JsonBody {
  if (!isJsonContentType(request.headers['content-type'])) {
    return { ok: false, answer: textAnswer(415, MISSING_JSON_CONTENT_TYPE) }
  }
  const text = request.body ?? ''
  if (Buffer.byteLength(text, 'utf8') > limitBytes) return { ok: false, answer: textAnswer(413, LENGTH_LIMIT_TEXT) }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, answer: textAnswer(400, `${JSON_SYNTAX_PREFIX}${syntaxMessage(text, error as Error)}`) }
  }
}

/** axum's `json_content_type`: `application/json` or any `application/*+json`, parameters allowed. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const [type, subtype] = mime.split('/')
  return type === 'application' && subtype !== undefined && (subtype === 'json' || subtype.endsWith('+json'))
}

/** serde_json's wording and `line L column C` for the common syntax errors. */
export function syntaxMessage(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1]
  if (text.trim() === '' || /end of JSON input/.test(error.message)) {
    return `EOF while parsing a value at ${lineColumn(text, text.length, 0)}`
  }
  const at = position === undefined ? undefined : Number(position)
  if (/Expected property name/.test(error.message)) return `key must be a string at ${lineColumn(text, at, 1)}`
  if (/non-whitespace character after JSON/.test(error.message))
    return `trailing characters at ${lineColumn(text, at, 1)}`
  return `expected value at ${lineColumn(text, at, 1)}`
}

function lineColumn(text: string, index: number | undefined, offset: number): string {
  if (index === undefined) return 'line 1 column 1'
  const before = text.slice(0, index)
  const line = before.split('\n').length
  const column = index - (before.lastIndexOf('\n') + 1) + offset
  return `line ${line} column ${column}`
}
