// What the clients of a served world did, seen from the world's side: every RPC method asked
// (and refused), every orderbook request, every subscription, and the highest head each chain
// was seen at. A foreign engine gives no "I am done" signal, so a served world settles a step on
// what it can observe (decision 0191): the client has seen the new head, then nothing but head
// polls for a quiet period.
/** Methods a poller repeats while it waits for the next block: they show the head was seen, not that work is going on. */
const HEAD_POLLS = new Set(['eth_blockNumber', 'eth_chainId', 'net_version', 'eth_getBlockByNumber'])

export interface ActivityReport {
  rpc: Record<string, number>
  refused: Record<string, number>
  subscriptions: Record<string, number>
  orderbookRequests: number
  /** Requests refused before reaching the world (too large, not JSON-RPC). */
  rejectedBodies: number
}

export class ClientActivity {
  readonly #rpc = new Map<string, number>()
  readonly #refused = new Map<string, number>()
  readonly #subscriptions = new Map<string, number>()
  readonly #seen = new Map<number, number>()
  #orderbook = 0
  #rejectedBodies = 0
  #lastWork: number
  #requests = 0

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#lastWork = now()
  }

  /** An RPC request reached the world (answered or not). */
  rpc(method: string): void {
    this.#requests++
    this.#rpc.set(method, (this.#rpc.get(method) ?? 0) + 1)
    if (!HEAD_POLLS.has(method)) this.#lastWork = this.now()
  }

  /** A method the served world does not answer. */
  refused(method: string): void {
    this.#requests++
    this.#refused.set(method, (this.#refused.get(method) ?? 0) + 1)
    this.#lastWork = this.now()
  }

  subscribed(kind: string): void {
    this.#requests++
    this.#subscriptions.set(kind, (this.#subscriptions.get(kind) ?? 0) + 1)
    this.#lastWork = this.now()
  }

  orderbook(): void {
    this.#requests++
    this.#orderbook++
    this.#lastWork = this.now()
  }

  rejectedBody(): void {
    this.#rejectedBodies++
    this.#lastWork = this.now()
  }

  /** A client was told the chain's head is `number` (a poll answer or a newHeads notification). */
  sawHead(chainId: number, number: number): void {
    if (number <= (this.#seen.get(chainId) ?? -1)) return
    this.#seen.set(chainId, number)
    // A client that just learnt of a block is about to work on it: the quiet period starts now.
    this.#lastWork = this.now()
  }

  hasSeen(chainId: number, number: number): boolean {
    return (this.#seen.get(chainId) ?? -1) >= number
  }

  /**
   * A client is watching the chain: it opened a subscription, or a poll told it the head is
   * `head` (a client that only asked the chain id is still booting).
   */
  watching(chainId: number, head: number): boolean {
    return this.#subscriptions.size > 0 || this.hasSeen(chainId, head)
  }

  /** Every request so far (any kind): zero means no client has connected yet. */
  get requests(): number {
    return this.#requests
  }

  /** Wall ms since the last request that was more than a head poll. */
  quietFor(): number {
    return this.now() - this.#lastWork
  }

  /** Starts the quiet period afresh (a step was just played). */
  stepPlayed(): void {
    this.#lastWork = this.now()
  }

  report(): ActivityReport {
    return {
      rpc: sorted(this.#rpc),
      refused: sorted(this.#refused),
      subscriptions: sorted(this.#subscriptions),
      orderbookRequests: this.#orderbook,
      rejectedBodies: this.#rejectedBodies,
    }
  }
}

function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)))
}
