// The orderbook without MSW: a FetchFn that builds the Response straight from the book, for
// fuzzing volume. Same answers, byte for byte, as the MSW path (both use toResponse), and the
// same failure text for a URL under no root.
import type { FetchFn } from '../../engine/world.js'
import type { FakeOrderbook } from './fake-orderbook.js'
import { headersToRecord, toResponse } from './orderbook-http.js'

export function inProcessFetch(book: FakeOrderbook): FetchFn {
  return async (input, init) => {
    const signal = init?.signal ?? undefined
    if (signal?.aborted) throw signal.reason
    const method = (init?.method ?? 'GET').toUpperCase()
    if ((method === 'GET' || method === 'HEAD') && init?.body != null) {
      throw new TypeError('Request with GET/HEAD method cannot have body.')
    }
    const headers = new Headers(init?.headers)
    // fetch labels a string body it was given without a content type.
    if (typeof init?.body === 'string' && !headers.has('content-type'))
      headers.set('content-type', 'text/plain;charset=UTF-8')
    const answer = await book.handle({
      method,
      // As fetch normalises it (host case, default port, percent-encoding).
      url: new URL(input).href,
      headers: headersToRecord(headers),
      body: await bodyText(init?.body),
      signal,
    })
    // fetch rejects once aborted, even if the answer was ready.
    if (signal?.aborted) throw signal.reason
    return toResponse(answer)
  }
}

/** String bodies (what the engine sends) are taken as they are; no stream, no extra tick. */
async function bodyText(body: RequestInit['body']): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  return new Response(body).text()
}
