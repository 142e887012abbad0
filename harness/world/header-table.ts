// Block headers by number, in the order their numbers were first set (a Map's order: setting a
// number again keeps its place), held in typed arrays (decision 0216): a long run's window of
// recent blocks is neither an object and a hash string per block nor a hash table re-allocated as
// numbers come and go, so none of it is promoted garbage. A hash in canonical form (0x and 64
// lower-case hex digits, as the world derives them) is kept as its 32 bytes; any other spelling
// a script gave is kept as written.
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { grown } from '../collections/grown.js'
import { NO_SLOT, NumberIndex } from '../collections/number-index.js'

const FIRST_SLOTS = 256
const NONE = NO_SLOT
const CANONICAL = /^0x[0-9a-f]{64}$/

export class HeaderTable {
  #numbers = new Float64Array(FIRST_SLOTS)
  #timestamps = new Float64Array(FIRST_SLOTS)
  #hashes = Buffer.alloc(FIRST_SLOTS * 32)
  /** 1: the hash is the one derived for its number (the caller says so), so no keccak is needed to know. */
  #derived = new Uint8Array(FIRST_SLOTS)
  /** Hashes not in canonical form, as written, by slot. */
  readonly #verbatim = new Map<number, Hex>()
  /** Insertion order; free slots are chained through #later. */
  #earlier = new Int32Array(FIRST_SLOTS)
  #later = new Int32Array(FIRST_SLOTS)
  #index = new NumberIndex(FIRST_SLOTS)
  #size = 0
  #used = 0
  #free = NONE
  #first = NONE
  #last = NONE

  get size(): number {
    return this.#size
  }

  get(number: number): BlockHeader | undefined {
    const slot = this.#index.find(number, this.#numbers)
    return slot === NONE ? undefined : this.#header(slot)
  }

  timestampOf(number: number): number | undefined {
    const slot = this.#index.find(number, this.#numbers)
    return slot === NONE ? undefined : this.#timestamps[slot]
  }

  hashOf(number: number): Hex | undefined {
    const slot = this.#index.find(number, this.#numbers)
    return slot === NONE ? undefined : this.#hash(slot)
  }

  /** Whether the header at `number` was set with `derived` true (its hash is the derived one). */
  derived(number: number): boolean {
    const slot = this.#index.find(number, this.#numbers)
    return slot !== NONE && this.#derived[slot] === 1
  }

  set(header: BlockHeader, derived: boolean): void {
    const number = header.number === 0 ? 0 : header.number
    let slot = this.#index.find(number, this.#numbers)
    if (slot === NONE) {
      slot = this.#allocate()
      this.#numbers[slot] = number
      this.#index.add(slot, this.#numbers)
      this.#append(slot)
      this.#size++
    }
    this.#timestamps[slot] = header.timestamp
    this.#derived[slot] = derived ? 1 : 0
    if (CANONICAL.test(header.hash)) {
      this.#verbatim.delete(slot)
      this.#hashes.write(header.hash.slice(2), slot * 32, 32, 'hex')
    } else this.#verbatim.set(slot, header.hash)
  }

  delete(number: number): void {
    const slot = this.#index.find(number, this.#numbers)
    if (slot === NONE) return
    this.#index.remove(slot, this.#numbers)
    this.#verbatim.delete(slot)
    const earlier = this.#earlier[slot]!
    const later = this.#later[slot]!
    if (earlier === NONE) this.#first = later
    else this.#later[earlier] = later
    if (later === NONE) this.#last = earlier
    else this.#earlier[later] = earlier
    this.#later[slot] = this.#free
    this.#free = slot
    this.#size--
  }

  /** The first header, in insertion order, whose hash is `wanted` (compared case-blind). */
  byHash(wanted: Hex): BlockHeader | undefined {
    const lower = wanted.toLowerCase()
    const bytes = CANONICAL.test(lower) ? Buffer.from(lower.slice(2), 'hex') : undefined
    for (let slot = this.#first; slot !== NONE; slot = this.#later[slot]!) {
      const written = this.#verbatim.get(slot)
      const match =
        written !== undefined
          ? written.toLowerCase() === lower
          : bytes !== undefined && this.#hashes.compare(bytes, 0, 32, slot * 32, slot * 32 + 32) === 0
      if (match) return this.#header(slot)
    }
    return undefined
  }

  /** The smallest number held above `number` and below `limit`, with its timestamp, if any. */
  nearestAbove(number: number, limit: number): { number: number; timestamp: number } | undefined {
    let best = NONE
    for (let slot = this.#first; slot !== NONE; slot = this.#later[slot]!) {
      const n = this.#numbers[slot]!
      if (n > number && n < limit && (best === NONE || n < this.#numbers[best]!)) best = slot
    }
    return best === NONE ? undefined : { number: this.#numbers[best]!, timestamp: this.#timestamps[best]! }
  }

  #header(slot: number): BlockHeader {
    return { number: this.#numbers[slot]!, timestamp: this.#timestamps[slot]!, hash: this.#hash(slot) }
  }

  #hash(slot: number): Hex {
    return this.#verbatim.get(slot) ?? `0x${this.#hashes.toString('hex', slot * 32, slot * 32 + 32)}`
  }

  #append(slot: number): void {
    this.#earlier[slot] = this.#last
    this.#later[slot] = NONE
    if (this.#last === NONE) this.#first = slot
    else this.#later[this.#last] = slot
    this.#last = slot
  }

  #allocate(): number {
    if (this.#free !== NONE) {
      const slot = this.#free
      this.#free = this.#later[slot]!
      return slot
    }
    if (this.#used === this.#numbers.length) this.#grow()
    return this.#used++
  }

  #grow(): void {
    const slots = this.#numbers.length * 2
    this.#numbers = grown(this.#numbers, slots)
    this.#timestamps = grown(this.#timestamps, slots)
    const hashes = Buffer.alloc(slots * 32)
    this.#hashes.copy(hashes)
    this.#hashes = hashes
    this.#derived = grown(this.#derived, slots)
    this.#earlier = grown(this.#earlier, slots)
    this.#later = grown(this.#later, slots)
    // Every allocated slot is in use (no free slot is left when the table grows).
    this.#index = NumberIndex.over(this.#numbers, this.#used)
  }
}
