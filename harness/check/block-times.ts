// The time of each traced block, by chain and number, and each chain's latest: what the
// submission and policy invariants judge a POST's backoff against. A dispatch names a block traced
// shortly before it (a queue's length at most), so only the newest RETAINED numbers per chain are
// kept: a 300,000-block run holds as much as a 65,536-block one (issue 9, flat memory).
import { type TraceEntry, num } from './trace-entry.js'

/** Far more than any queue of blocks ahead of dispatch (the live bound is 128; a day's burst 7,200). */
export const RETAINED_BLOCKS_PER_CHAIN = 65_536

export interface TracedBlock {
  number: number
  timestamp: number
}

export class BlockTimes {
  readonly #byChain = new Map<number, Map<number, number>>()
  readonly #latest = new Map<number, TracedBlock>()

  constructor(private readonly retained = RETAINED_BLOCKS_PER_CHAIN) {}

  /** Reads a `block` trace line; a reorg's replacement overwrites its number's time. */
  observe(entry: TraceEntry): void {
    const chainId = num(entry, 'chainId')
    const timestamp = num(entry, 'timestamp')
    const number = num(entry, 'number')
    if (chainId === undefined || timestamp === undefined || number === undefined) return
    let times = this.#byChain.get(chainId)
    if (!times) {
      times = new Map()
      this.#byChain.set(chainId, times)
    }
    times.delete(number) // re-inserted last: eviction goes by when a number was last traced
    times.set(number, timestamp)
    if (times.size > this.retained) times.delete(times.keys().next().value as number)
    this.#latest.set(chainId, { number, timestamp })
  }

  /** The time of block `number` on `chainId`, if traced and still retained. */
  at(chainId: number, number: number): number | undefined {
    return this.#byChain.get(chainId)?.get(number)
  }

  latest(chainId: number): TracedBlock | undefined {
    return this.#latest.get(chainId)
  }
}
