// A chain's blocks as the world knows them: the declared head, then every block the script
// emitted (the runner calls `setHead`). Blocks the script never emitted but that lie below the
// head are synthesised on demand — hash from (seed, chain, number), timestamp 12 s per block
// before the nearest known block above — so `eth_getBlockByNumber` answers like a node would.
// Memory stays flat over a long run: past the newest RECENT_BLOCKS_KEPT, an emitted block is let go
// when the same answer can be rebuilt (derived hash, 12 s before the block after it); a scripted
// hash or timestamp is kept for the whole run. A block let go is no longer found by hash.
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { deriveBlockHash } from './block-hash.js'

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
  readonly #known = new Map<number, BlockHeader>()
  #head: BlockHeader
  #emitted = false
  /** Emitted blocks the block after them made rebuildable, oldest first. */
  readonly #rebuildable: number[] = []
  /**
   * Beside each of them, its derived hash when `nextHeader` derived it (else undefined): letting
   * the block go needs no second keccak. Parallel arrays, not a set of headers: a growing hash
   * table would leave large garbage behind every few thousand blocks.
   */
  readonly #rebuildableDerived: (Hex | undefined)[] = []
  /** The hash `nextHeader` derived last, so `setHead` knows a header's hash is the derived one. */
  #lastDerived: { number: number; hash: Hex } | undefined
  /** Whether the head's hash is the one derived for it. */
  #headDerived: Hex | undefined

  constructor(seed: number | bigint, chainId: number, head: { number: number; timestamp: number }) {
    this.#seed = seed
    this.#chainId = chainId
    this.#head = { number: head.number, timestamp: head.timestamp, hash: deriveBlockHash(seed, chainId, head.number) }
    this.#known.set(head.number, this.#head)
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
    this.#lastDerived = { number, hash }
    return { number, timestamp, hash }
  }

  /** The script emitted this block: it is the head from now on (an earlier number = a reorg). */
  setHead(header: BlockHeader): void {
    const previous = this.#head
    const follows =
      this.#emitted &&
      header.number === previous.number + 1 &&
      header.timestamp === previous.timestamp + BLOCK_INTERVAL_SECONDS
    const previousDerived = this.#headDerived
    this.#head = { ...header }
    const derived = this.#lastDerived
    this.#headDerived =
      derived && derived.number === header.number && derived.hash === header.hash ? derived.hash : undefined
    this.#known.set(header.number, this.#head)
    this.#emitted = true
    if (follows) {
      this.#rebuildable.push(previous.number)
      this.#rebuildableDerived.push(previousDerived)
    }
    if (this.#rebuildable.length > RECENT_BLOCKS_KEPT)
      this.#forget(this.#rebuildable.shift() as number, this.#rebuildableDerived.shift())
  }

  /**
   * Lets block `number` go if `headerAt` would still answer it the same (a reorg may have changed
   * it). `derivedHash`: its derived hash, when known without deriving it again.
   */
  #forget(number: number, derivedHash: Hex | undefined): void {
    const header = this.#known.get(number)
    const above = this.#known.get(number + 1)
    if (!header || !above || number >= this.#head.number) return
    if (above.timestamp - header.timestamp !== BLOCK_INTERVAL_SECONDS) return
    if (header.hash !== (derivedHash ?? deriveBlockHash(this.#seed, this.#chainId, number))) return
    this.#known.delete(number)
  }

  /** How many blocks are held whole (the declared head, scripted ones, the recent window). */
  heldBlocks(): number {
    return this.#known.size
  }

  /** The block at `number`, or undefined above the head (a node answers null for future blocks). */
  headerAt(number: number): BlockHeader | undefined {
    if (number > this.#head.number || number < 0) return undefined
    const known = this.#known.get(number)
    if (known) return { ...known }
    return {
      number,
      timestamp: this.#extrapolatedTimestamp(number),
      hash: deriveBlockHash(this.#seed, this.#chainId, number),
    }
  }

  headerByHash(hash: Hex): BlockHeader | undefined {
    const wanted = hash.toLowerCase()
    for (const header of this.#known.values()) if (header.hash.toLowerCase() === wanted) return { ...header }
    return undefined
  }

  parentHashOf(number: number): Hex {
    if (number <= 0) return `0x${'0'.repeat(64)}`
    return this.#known.get(number - 1)?.hash ?? deriveBlockHash(this.#seed, this.#chainId, number - 1)
  }

  #extrapolatedTimestamp(number: number): number {
    let above: BlockHeader = this.#head
    for (const header of this.#known.values()) {
      if (header.number > number && header.number < above.number) above = header
    }
    return Math.max(0, above.timestamp - (above.number - number) * BLOCK_INTERVAL_SECONDS)
  }
}
