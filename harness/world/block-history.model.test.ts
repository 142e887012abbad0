import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { deriveBlockHash } from './block-hash.js'
import { BLOCK_INTERVAL_SECONDS, BlockHistory, type BlockStepFields } from './block-history.js'

// The block history before decision 0216 (a Map of header objects, arrays for the window), kept
// here as the reference the typed one must answer exactly like.
class MapBlockHistory {
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

  constructor(
    seed: number | bigint,
    chainId: number,
    head: { number: number; timestamp: number },
    private readonly kept: number,
  ) {
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
    if (this.#rebuildable.length > this.kept)
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

type Op =
  | { kind: 'block'; fields: BlockStepFields }
  | { kind: 'reorg'; back: number; hash: Hex | undefined; late: number }
  | { kind: 'ask'; offset: number }
  | { kind: 'byHash'; offset: number; upper: boolean }

const scriptedHash = fc.oneof(
  fc.constantFrom(`0x${'ab'.repeat(32)}`, `0x${'AB'.repeat(32)}`, `0x${'cd'.repeat(32)}`, '0x1234'),
  fc.integer({ min: 0, max: 30 }).map((n) => deriveBlockHash(7, 1, 1_000 + n)),
) as fc.Arbitrary<Hex>

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'block' as const, fields: {} }) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        number: fc.option(fc.integer({ min: 990, max: 1_060 }), { nil: undefined, freq: 1 }),
        timestamp: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined, freq: 1 }),
        hash: fc.option(scriptedHash, { nil: undefined, freq: 1 }),
      })
      .map((fields) => ({ kind: 'block' as const, fields })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        back: fc.integer({ min: 0, max: 12 }),
        hash: fc.option(scriptedHash, { nil: undefined }),
        late: fc.constantFrom(0, 0, 1),
      })
      .map((r) => ({ kind: 'reorg' as const, ...r })),
  },
  { weight: 4, arbitrary: fc.integer({ min: -70, max: 3 }).map((offset) => ({ kind: 'ask' as const, offset })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ offset: fc.integer({ min: -70, max: 0 }), upper: fc.boolean() })
      .map((r) => ({ kind: 'byHash' as const, ...r })),
  },
)

describe('BlockHistory against the Map it replaced (decision 0216)', () => {
  it('answers every question the same through blocks, jumps, reorgs and scripted hashes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 300 }), (kept, ops) => {
        const head = { number: 1_000, timestamp: 12_000 }
        const typed = new BlockHistory(7, 1, head, kept)
        const model = new MapBlockHistory(7, 1, head, kept)
        const same = <T>(a: T, b: T) => expect(a).toEqual(b)
        let highest = head.number
        for (const o of ops) {
          const top = model.head().number
          switch (o.kind) {
            case 'block': {
              const header = typed.nextHeader(o.fields)
              same(header, model.nextHeader(o.fields))
              typed.setHead(header)
              model.setHead(header)
              break
            }
            case 'reorg': {
              // The world's reorg: an earlier block again, with a new hash (or the same), maybe later.
              const number = Math.max(0, top - o.back)
              const old = model.headerAt(number)!
              const header: BlockHeader = {
                number,
                timestamp: old.timestamp + o.late,
                hash: o.hash ?? old.hash,
              }
              typed.setHead(header)
              model.setHead(header)
              break
            }
            case 'ask': {
              const n = top + o.offset
              same(typed.headerAt(n), model.headerAt(n))
              same(typed.parentHashOf(n), model.parentHashOf(n))
              break
            }
            case 'byHash': {
              const h = model.headerAt(Math.max(0, top + o.offset))?.hash ?? `0x${'ab'.repeat(32)}`
              const asked = (o.upper ? `0x${h.slice(2).toUpperCase()}` : h) as Hex
              same(typed.headerByHash(asked), model.headerByHash(asked))
              break
            }
          }
          same(typed.head(), model.head())
          same(typed.heldBlocks(), model.heldBlocks())
          highest = Math.max(highest, model.head().number)
        }
        // Above every block seen, so that none is hidden above the head, then every number again.
        const last = typed.nextHeader({ number: highest + 1, timestamp: 1_000_000 })
        typed.setHead(last)
        model.setHead(last)
        for (let n = 980; n <= highest + 1; n++) {
          same(typed.headerAt(n), model.headerAt(n))
          same(typed.parentHashOf(n), model.parentHashOf(n))
        }
        same(typed.heldBlocks(), model.heldBlocks())
      }),
      { numRuns: 300 },
    )
  })

  it('holds the default window over a long run exactly as the Map did', () => {
    const typed = new BlockHistory(3, 11155111, { number: 0, timestamp: 0 })
    const model = new MapBlockHistory(3, 11155111, { number: 0, timestamp: 0 }, 4_096)
    for (let i = 0; i < 9_000; i++) {
      const header = typed.nextHeader(i === 5_000 ? { timestamp: 5_000 * BLOCK_INTERVAL_SECONDS + 5 } : {})
      typed.setHead(header)
      model.setHead(header)
    }
    expect(typed.heldBlocks()).toBe(model.heldBlocks())
    for (let n = 0; n <= 9_000; n += 7) expect(typed.headerAt(n)).toEqual(model.headerAt(n))
    expect(typed.headerByHash(typed.head().hash)).toEqual(model.headerByHash(model.head().hash))
  })
})
