// The time of each traced block, by chain and number, and each chain's latest: what the
// submission and policy invariants judge a POST's backoff against. A dispatch names a block traced
// shortly before it (a queue's length at most), so only the newest RETAINED numbers per chain are
// kept: a 300,000-block run holds as much as a 65,536-block one (issue 9, flat memory). The numbers
// live in typed arrays (decision 0216), so a long run neither re-allocates hash tables nor leaves
// per-block objects for the old generation.
import { type TraceEntry, num } from './trace-entry.js'
import { RecentNumbers } from './recent-numbers.js'

/** Far more than any queue of blocks ahead of dispatch (the live bound is 128; a day's burst 7,200). */
export const RETAINED_BLOCKS_PER_CHAIN = 65_536

export interface TracedBlock {
  number: number
  timestamp: number
}

interface ChainTimes {
  times: RecentNumbers
  latestNumber: number
  latestTimestamp: number
}

export class BlockTimes {
  readonly #byChain = new Map<number, ChainTimes>()

  constructor(private readonly retained = RETAINED_BLOCKS_PER_CHAIN) {}

  /** Reads a `block` trace line; a reorg's replacement overwrites its number's time. */
  observe(entry: TraceEntry): void {
    const chainId = num(entry, 'chainId')
    const timestamp = num(entry, 'timestamp')
    const number = num(entry, 'number')
    if (chainId === undefined || timestamp === undefined || number === undefined) return
    let chain = this.#byChain.get(chainId)
    if (!chain) {
      chain = { times: new RecentNumbers(this.retained), latestNumber: number, latestTimestamp: timestamp }
      this.#byChain.set(chainId, chain)
    }
    // Eviction goes by when a number was last traced (a re-traced number becomes the newest).
    chain.times.set(number, timestamp)
    chain.latestNumber = number
    chain.latestTimestamp = timestamp
  }

  /** The time of block `number` on `chainId`, if traced and still retained. */
  at(chainId: number, number: number): number | undefined {
    return this.#byChain.get(chainId)?.times.get(number)
  }

  latest(chainId: number): TracedBlock | undefined {
    const chain = this.#byChain.get(chainId)
    return chain && { number: chain.latestNumber, timestamp: chain.latestTimestamp }
  }
}
