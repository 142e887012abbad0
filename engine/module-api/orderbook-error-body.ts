// The orderbook's error body `{"errorType": string, "description": string, "data"?: any}`, read
// one way for everyone: the engine's log line, the SDK's decision table and the harness trace
// (decision 0075). Pure and dependency-free, so it sits in the ABI both sides may import.

export interface OrderbookErrorBody {
  errorType: string
  /** `''` when the body had none (a proxy or an older server may omit it). */
  description: string
  data?: unknown
}

/**
 * The envelope, or undefined when the body is not one (HTML, plain text such as the server's
 * 422 "Failed to deserialize ...", empty, a JSON value that is not an object, or an object whose
 * `errorType` is not a non-empty string). The `errorType` alone decides: a body without
 * `description` is still the envelope, since the type is what a module acts on.
 */
export function parseOrderbookErrorBody(body: string | undefined | null): OrderbookErrorBody | undefined {
  if (body === undefined || body === null) return undefined
  const text = body.trimStart()
  if (!text.startsWith('{')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const { errorType, description } = parsed as Record<string, unknown>
  if (typeof errorType !== 'string' || errorType === '') return undefined
  const envelope: OrderbookErrorBody = {
    errorType,
    description: typeof description === 'string' ? description : '',
  }
  if ('data' in parsed) envelope.data = (parsed as { data: unknown }).data
  return envelope
}
