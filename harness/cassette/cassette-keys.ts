// Canonical keys of recorded exchanges: the same request always has the same key, whatever the
// order of its object members or the case of its hex. A replay looks answers up by key, and a
// request the cassette lacks is named by its key.
import { createHash } from 'node:crypto'
import { canonicalParams } from '../world/rpc-params.js'

export function rpcKey(method: string, params: unknown): string {
  return `${method} ${canonicalParams(params ?? [])}`
}

/**
 * `<chain> <METHOD> <path> <body>`: the body as canonical JSON when it is JSON (keys sorted, hex in
 * lowercase, as addresses are compared), its SHA-256 (first 16 hex) when that is longer than 64
 * characters, `-` when there is none.
 */
export function orderbookKey(chain: number, method: string, path: string, body: string | null | undefined): string {
  return `${chain} ${method.toUpperCase()} ${path} ${bodyKey(body)}`
}

function bodyKey(body: string | null | undefined): string {
  if (body === undefined || body === null || body === '') return '-'
  let text = body
  try {
    text = canonicalParams(JSON.parse(body))
  } catch {
    // not JSON: the text itself
  }
  return text.length <= 64 ? text : `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
}
