// The orderbook's error body: `{ "errorType": string, "description": string, "data"?: any }`
// (docs/orderbook.md). Both fields are required, as in the Rust engine's
// `try_decode_api_error`; anything else (HTML, text, empty, a bare JSON string) is not an envelope.

export interface ApiErrorEnvelope {
  errorType: string
  description: string
  data?: unknown
}

export function parseApiErrorEnvelope(data: string | undefined | null): ApiErrorEnvelope | undefined {
  if (data === undefined || data === null || data === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const body = parsed as Record<string, unknown>
  if (typeof body.errorType !== 'string' || typeof body.description !== 'string') return undefined
  const envelope: ApiErrorEnvelope = { errorType: body.errorType, description: body.description }
  if ('data' in body) envelope.data = body.data
  return envelope
}
