// JSON-RPC 2.0 as a served endpoint reads it: one request or a batch, checked before anything
// is answered. Malformed JSON is -32700, a well-formed message that is not a request is
// -32600, each with `id: null` when the id cannot be read (the specification's rules).
export const PARSE_ERROR = -32700
export const INVALID_REQUEST = -32600
export const METHOD_NOT_FOUND = -32601
export const INVALID_PARAMS = -32602
export const INTERNAL_ERROR = -32603

/** Far above any request an engine sends (an eth_call with calldata is a few kB). */
export const MAX_RPC_BODY_BYTES = 1024 * 1024
/** Batches beyond this are refused whole (-32600), as public nodes cap them. */
export const MAX_BATCH = 100

export type RpcId = number | string | null

export interface RpcCall {
  id: RpcId
  method: string
  params: unknown[]
  /** A notification (no `id` key): processed, never answered. */
  notification: boolean
}

export interface RpcErrorObject {
  code: number
  message: string
  data?: unknown
}

export type RpcReply =
  | { jsonrpc: '2.0'; id: RpcId; result: unknown }
  | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorObject }

/** What a body holds: calls to run (and replies already decided for bad entries), or one error reply. */
export type ParsedBody =
  | { kind: 'single'; entry: RpcCall | RpcReply }
  | { kind: 'batch'; entries: (RpcCall | RpcReply)[] }
  | { kind: 'error'; reply: RpcReply }

export function errorReply(id: RpcId, code: number, message: string, data?: unknown): RpcReply {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } }
}

export function resultReply(id: RpcId, result: unknown): RpcReply {
  return { jsonrpc: '2.0', id, result }
}

export function parseRpcBody(text: string): ParsedBody {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'error', reply: errorReply(null, PARSE_ERROR, 'Parse error: the body is not JSON') }
  }
  if (Array.isArray(value)) {
    if (value.length === 0)
      return { kind: 'error', reply: errorReply(null, INVALID_REQUEST, 'Invalid Request: empty batch') }
    if (value.length > MAX_BATCH)
      return {
        kind: 'error',
        reply: errorReply(null, INVALID_REQUEST, `Invalid Request: a batch of at most ${MAX_BATCH} calls`),
      }
    return { kind: 'batch', entries: value.map(readCall) }
  }
  return { kind: 'single', entry: readCall(value) }
}

export function isCall(entry: RpcCall | RpcReply): entry is RpcCall {
  return 'method' in entry
}

function readCall(value: unknown): RpcCall | RpcReply {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return errorReply(null, INVALID_REQUEST, 'Invalid Request: expected an object')
  const v = value as Record<string, unknown>
  const id = v.id
  const validId =
    id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))
  const replyId: RpcId = validId && id !== undefined ? (id as RpcId) : null
  if (!validId) return errorReply(null, INVALID_REQUEST, 'Invalid Request: id must be a number, a string or null')
  if (v.jsonrpc !== '2.0') return errorReply(replyId, INVALID_REQUEST, 'Invalid Request: jsonrpc must be "2.0"')
  if (typeof v.method !== 'string' || v.method === '')
    return errorReply(replyId, INVALID_REQUEST, 'Invalid Request: method must be a non-empty string')
  if (v.params !== undefined && !Array.isArray(v.params))
    return errorReply(replyId, INVALID_PARAMS, 'Invalid params: params must be a list')
  return {
    id: replyId,
    method: v.method,
    params: (v.params as unknown[] | undefined) ?? [],
    notification: !('id' in v),
  }
}
