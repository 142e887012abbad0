// What the fake orderbook did since a world last asked: both worlds hand the step player only the
// new failures and the answered exchanges, so they keep one cursor over the book.
import type { FakeOrderbook } from '../orderbook/fake-orderbook.js'

export class OrderbookCursor {
  #failuresTaken = 0
  #exchangesTaken = 0

  constructor(private readonly book: FakeOrderbook) {}

  /** The book's failure messages not yet taken. */
  takeFailures(): string[] {
    const fresh = this.book.failures.slice(this.#failuresTaken).map((f) => f.message)
    this.#failuresTaken += fresh.length
    return fresh
  }

  /** Exchanges that got an answer since the last call, in arrival order. */
  takeExchanges() {
    const all = this.book.exchanges
    const fresh = all.slice(this.#exchangesTaken).filter((x) => x.status !== null)
    this.#exchangesTaken = all.length
    return fresh
  }
}
