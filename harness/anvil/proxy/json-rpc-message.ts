// The JSON-RPC 2.0 shapes the proxy reads off the wire, parsed defensively: anything that is not
// a request, a response or an `eth_subscription` notification is passed through untouched.
export interface RpcRequestMessage {
  jsonrpc: '2.0'
  id: number | string | null
  method: string
  params?: unknown[]
}

export interface RpcResponseMessage {
  jsonrpc: '2.0'
  id: number | string | null
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

export interface SubscriptionNotification {
  jsonrpc: '2.0'
  method: 'eth_subscription'
  params: { subscription: string; result: unknown }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isRequest(value: unknown): value is RpcRequestMessage {
  return isRecord(value) && typeof value.method === 'string' && 'id' in value && value.method !== 'eth_subscription'
}

export function isResponse(value: unknown): value is RpcResponseMessage {
  return isRecord(value) && 'id' in value && !('method' in value) && ('result' in value || 'error' in value)
}

export function isNotification(value: unknown): value is SubscriptionNotification {
  return (
    isRecord(value) &&
    value.method === 'eth_subscription' &&
    isRecord(value.params) &&
    typeof value.params.subscription === 'string'
  )
}
