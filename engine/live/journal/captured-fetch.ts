// A fetch that reports every exchange it carries: the request, then the answer (status,
// Retry-After, body text) or the failure. The response handed back is rebuilt from the text it
// read, so the caller sees exactly what was recorded. The journal and `nexum-sim record` use it.
import type { FetchFn } from '../../world.js'

export interface CapturedRequest {
  method: string
  url: string
  body: string | undefined
}

export interface CapturedAnswer {
  status: number
  retryAfter: string | undefined
  body: string
}

export interface ExchangeObserver {
  /** Called when the request leaves; the returned callbacks receive its outcome. */
  request(request: CapturedRequest): {
    answered(answer: CapturedAnswer): void
    failed(error: unknown): void
  }
}

/** Statuses whose responses cannot carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

export function capturedFetch(inner: FetchFn, observer: ExchangeObserver): FetchFn {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase()
    const body = typeof init?.body === 'string' ? init.body : undefined
    const outcome = observer.request({ method, url: input, body })
    let text: string
    let response: Response
    try {
      response = await inner(input, init)
      text = await response.text()
    } catch (error) {
      outcome.failed(error)
      throw error
    }
    outcome.answered({
      status: response.status,
      retryAfter: response.headers.get('retry-after') ?? undefined,
      body: text,
    })
    return new Response(NULL_BODY.has(response.status) ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    })
  }
}
