// Strict replay of a cassette's recorded orderbook exchanges: each request is looked up by its
// canonical key (cassette-keys.ts) and answered as recorded, repeated requests in recorded order.
// A request the cassette lacks (or asked more often than recorded) is a miss, named by its key:
// the replay must not invent what the orderbook would have said.
import type { CassetteOrderbookExchange } from './cassette.js'
import { orderbookKey } from './cassette-keys.js'
import { JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE, type OrderbookAnswer } from '../orderbook/orderbook-http.js'

export type TapeAnswer =
  | { kind: 'answer'; answer: OrderbookAnswer }
  /** Recorded without an HTTP answer (transport failure, timeout). */
  | { kind: 'failure'; message: string }
  | { kind: 'missing'; key: string; message: string }

export class OrderbookTape {
  private readonly byKey = new Map<string, CassetteOrderbookExchange[]>()
  private readonly asked = new Map<string, number>()

  constructor(
    exchanges: readonly CassetteOrderbookExchange[],
    private readonly file: string,
  ) {
    for (const x of exchanges) {
      const key = orderbookKey(x.chain, x.request.method, withoutQuery(x.request.path), x.request.body)
      const list = this.byKey.get(key) ?? []
      list.push(x)
      this.byKey.set(key, list)
    }
  }

  answer(chain: number, method: string, path: string, body: string | undefined): TapeAnswer {
    const key = orderbookKey(chain, method, withoutQuery(path), body)
    const list = this.byKey.get(key)
    const n = this.asked.get(key) ?? 0
    this.asked.set(key, n + 1)
    const hit = list?.[n]
    if (hit === undefined) {
      const why =
        list === undefined ? 'the cassette has no such request' : `asked ${n + 1} times, recorded ${list.length}`
      const shown =
        body === undefined || body === '' ? '' : `; its body: ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`
      return {
        kind: 'missing',
        key,
        message: `orderbook request not in the cassette ${this.file}: ${key} (${why})${shown}`,
      }
    }
    if (hit.response === null)
      return { kind: 'failure', message: `recorded without an answer: ${hit.failure ?? 'no answer'}` }
    const headers: Record<string, string> = {
      'content-type': isJson(hit.response.body) ? JSON_CONTENT_TYPE : TEXT_CONTENT_TYPE,
    }
    if (hit.response.retryAfter !== null) headers['retry-after'] = hit.response.retryAfter
    return { kind: 'answer', answer: { status: hit.response.status, headers, body: hit.response.body } }
  }
}

function withoutQuery(path: string): string {
  const at = path.indexOf('?')
  return at < 0 ? path : path.slice(0, at)
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return text.trim() !== ''
  } catch {
    return false
  }
}
