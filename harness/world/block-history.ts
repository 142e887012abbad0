// A chain's blocks as the world knows them: the declared head, then every block the script
// emitted (the runner calls `setHead`). Blocks the script never emitted but that lie below the
// head are synthesised on demand — hash from (seed, chain, number), timestamp 12 s per block
// before the nearest known block above — so `eth_getBlockByNumber` answers like a node would.
// Memory stays flat over a long run: past the newest RECENT_BLOCKS_KEPT, an emitted block is let go
// when the same answer can be rebuilt (derived hash, 12 s before the block after it); a scripted
// hash or timestamp is kept for the whole run. A block let go is no longer found by hash. The
// blocks held are typed columns, and the window a ring of numbers (decision 0216): a long run's
// history leaves no per-block objects behind.
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { deriveBlockHash } from './block-hash.js'
import { HeaderTable } from './header-table.js'

/** Sepolia's (and mainnet's) slot time: the default gap between scripted blocks. */
export const BLOCK_INTERVAL_SECONDS = 12

/** A `block` step's optional fields. */
export interface BlockStepFields {
  number?: number | undefined
  timestamp?: number | undefined
  hash?: Hex | undefined
}

/** Emitted blocks always kept whole, newest last (far deeper than any reorg a scenario scripts). */
export const RECENT_BLOCKS_KEPT = 4096

export class BlockHistory {
  readonly #seed: number | bigint
  readonly #chainId: number
  readonly #known = new HeaderTable()
  #head: BlockHeader
  #emitted = false
  /** Emitted blocks the block after them made rebuildable, oldest first: a ring of numbers. */
  readonly #kept: number
  readonly #rebuildable: Float64Array
  #rebuildableFirst = 0
  #rebuildableCount = 0
  /** The number and hash `nextHeader` derived last, so `setHead` knows a header's hash is the derived one. */
  #lastDerivedNumber = -1
  #lastDerivedHash: Hex | undefined

  /** `recentKept`: the window of emitted blocks always held whole (a test's smaller one). */
  constructor(
    seed: number | bigint,
    chainId: number,
    head: { number: number; timestamp: number },
    recentKept = RECENT_BLOCKS_KEPT,
  ) {
    this.#seed = seed
    this.#chainId = chainId
    this.#kept = recentKept
    this.#rebuildable = new Float64Array(recentKept + 1)
    this.#head = { number: head.number, timestamp: head.timestamp, hash: deriveBlockHash(seed, chainId, head.number) }
    this.#known.set(this.#head, false)
  }

  head(): BlockHeader {
    return { ...this.#head }
  }

  /**
   * The header a `block` step emits, with the scenario-format defaults: the first block is the
   * declared head itself, then previous number + 1, previous timestamp + 12 s, and a hash derived
   * from seed, chain and number. Pure: it does not move the head.
   */
  nextHeader(fields: BlockStepFields = {}): BlockHeader {
    const number = fields.number ?? (this.#emitted ? this.#head.number + 1 : this.#head.number)
    const timestamp =
      fields.timestamp ?? (this.#emitted ? this.#head.timestamp + BLOCK_INTERVAL_SECONDS : this.#head.timestamp)
    if (fields.hash !== undefined) return { number, timestamp, hash: fields.hash }
    const hash = deriveBlockHash(this.#seed, this.#chainId, number)
    this.#lastDerivedNumber = number
    this.#lastDerivedHash = hash
    return { number, timestamp, hash }
  }

  /** The script emitted this block: it is the head from now on (an earlier number = a reorg). */
  setHead(header: BlockHeader): void {
    const previous = this.#head
    const follows =
      this.#emitted &&
      header.number === previous.number + 1 &&
      header.timestamp === previous.timestamp + BLOCK_INTERVAL_SECONDS
    this.#head = { ...header }
    const derived = this.#lastDerivedNumber === header.number && this.#lastDerivedHash === header.hash
    this.#known.set(header, derived)
    this.#emitted = true
    if (follows) {
      const ring = this.#rebuildable
      ring[(this.#rebuildableFirst + this.#rebuildableCount++) % ring.length] = previous.number
    }
    if (this.#rebuildableCount > this.#kept) {
      const oldest = this.#rebuildable[this.#rebuildableFirst]!
      this.#rebuildableFirst = (this.#rebuildableFirst + 1) % this.#rebuildable.length
      this.#rebuildableCount--
      this.#forget(oldest)
    }
  }

  /** Lets block `number` go if `headerAt` would still answer it the same (a reorg may have changed it). */
  #forget(number: number): void {
    const known = this.#known
    const timestamp = known.timestampOf(number)
    const above = known.timestampOf(number + 1)
    if (timestamp === undefined || above === undefined || number >= this.#head.number) return
    if (above - timestamp !== BLOCK_INTERVAL_SECONDS) return
    // A hash set as the derived one needs no second keccak to be known as such.
    if (!known.derived(number) && known.hashOf(number) !== deriveBlockHash(this.#seed, this.#chainId, number)) return
    known.delete(number)
  }

  /** How many blocks are held whole (the declared head, scripted ones, the recent window). */
  heldBlocks(): number {
    return this.#known.size
  }

  /** The block at `number`, or undefined above the head (a node answers null for future blocks). */
  headerAt(number: number): BlockHeader | undefined {
    if (number > this.#head.number || number < 0) return undefined
    const known = this.#known.get(number)
    if (known) return known
    return {
      number,
      timestamp: this.#extrapolatedTimestamp(number),
      hash: deriveBlockHash(this.#seed, this.#chainId, number),
    }
  }

  headerByHash(hash: Hex): BlockHeader | undefined {
    return this.#known.byHash(hash)
  }

  parentHashOf(number: number): Hex {
    if (number <= 0) return `0x${'0'.repeat(64)}`
    return this.#known.hashOf(number - 1) ?? deriveBlockHash(this.#seed, this.#chainId, number - 1)
  }

  #extrapolatedTimestamp(number: number): number {
    const above = this.#known.nearestAbove(number, this.#head.number) ?? this.#head
    return Math.max(0, above.timestamp - (above.number - number) * BLOCK_INTERVAL_SECONDS)
  }
}
