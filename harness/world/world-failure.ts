// A request the simulated world could not answer. In fixture mode nothing may fall through to a
// real network, so such a request is not merely an error answer to the engine: it is recorded
// here and fails the run, naming the request (harness/README.md, determinism contract).

export type WorldFailureSource = 'rpc' | 'sources' | 'orderbook'

export interface WorldFailure {
  source: WorldFailureSource
  /** Chain the request went to, when it has one. */
  chainId?: number | undefined
  /** Virtual time (ms) when it happened. */
  atMs: number
  /** One line naming the request, e.g. `no answer for eth_foo [] on chain 11155111`. */
  message: string
}

/** Collects failures in the order they happened. One collector may be shared by several nodes. */
export class WorldFailureCollector {
  readonly #failures: WorldFailure[] = []
  #taken = 0

  record(failure: WorldFailure): void {
    this.#failures.push(failure)
  }

  /** Every failure so far, oldest first. */
  all(): readonly WorldFailure[] {
    return this.#failures
  }

  get size(): number {
    return this.#failures.length
  }

  /** The failures recorded since the previous `takeNew()` (the runner checks after each step). */
  takeNew(): WorldFailure[] {
    const fresh = this.#failures.slice(this.#taken)
    this.#taken = this.#failures.length
    return fresh
  }
}
