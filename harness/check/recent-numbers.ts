// A number → number map that keeps at most `capacity` keys: setting a new key past that evicts
// the one set least recently, and setting a key again makes it the newest. The same answers as a
// `Map` with delete, set and "drop the first key" (the property test beside it checks so), but
// held in typed arrays (decision 0216): a slot per key threaded on a doubly linked list in the
// order keys were set, and an open-addressing index. After it has grown to `capacity`, a long run
// allocates nothing more, where a churning Map re-allocated its table every few thousand keys and
// each one reached the old generation. Keys compare as a Map's do (SameValueZero).

import { grown } from '../collections/grown.js'
import { NO_SLOT, NumberIndex } from '../collections/number-index.js'

const FIRST_SLOTS = 1_024
const NONE = NO_SLOT

export class RecentNumbers {
  #keys: Float64Array
  #values: Float64Array
  /** Slot set just before / just after each slot; NONE at the ends. */
  #older: Int32Array
  #newer: Int32Array
  #index: NumberIndex
  #size = 0
  #oldest = NONE
  #newest = NONE

  constructor(readonly capacity: number) {
    const slots = Math.max(0, Math.min(capacity, FIRST_SLOTS))
    this.#keys = new Float64Array(slots)
    this.#values = new Float64Array(slots)
    this.#older = new Int32Array(slots)
    this.#newer = new Int32Array(slots)
    this.#index = new NumberIndex(slots)
  }

  get size(): number {
    return this.#size
  }

  get(key: number): number | undefined {
    const slot = this.#index.find(key, this.#keys)
    return slot === NONE ? undefined : this.#values[slot]
  }

  set(key: number, value: number): void {
    if (this.capacity <= 0) return
    const k = key === 0 ? 0 : key // -0 and 0 are one key, stored as 0, as a Map does
    let slot = this.#index.find(k, this.#keys)
    if (slot !== NONE) {
      this.#values[slot] = value
      this.#unlink(slot)
      this.#append(slot)
      return
    }
    if (this.#size < this.capacity) {
      if (this.#size === this.#keys.length) this.#grow()
      slot = this.#size++
    } else {
      slot = this.#oldest
      this.#unlink(slot)
      this.#index.remove(slot, this.#keys)
    }
    this.#keys[slot] = k
    this.#values[slot] = value
    this.#append(slot)
    this.#index.add(slot, this.#keys)
  }

  /** Keys, least recently set first (for tests and messages). */
  keys(): number[] {
    const out: number[] = []
    for (let slot = this.#oldest; slot !== NONE; slot = this.#newer[slot]!) out.push(this.#keys[slot]!)
    return out
  }

  #append(slot: number): void {
    this.#older[slot] = this.#newest
    this.#newer[slot] = NONE
    if (this.#newest === NONE) this.#oldest = slot
    else this.#newer[this.#newest] = slot
    this.#newest = slot
  }

  #unlink(slot: number): void {
    const older = this.#older[slot]!
    const newer = this.#newer[slot]!
    if (older === NONE) this.#oldest = newer
    else this.#newer[older] = newer
    if (newer === NONE) this.#newest = older
    else this.#older[newer] = older
  }

  #grow(): void {
    const slots = Math.min(this.capacity, Math.max(1, this.#keys.length * 2))
    this.#keys = grown(this.#keys, slots)
    this.#values = grown(this.#values, slots)
    this.#older = grown(this.#older, slots)
    this.#newer = grown(this.#newer, slots)
    this.#index = NumberIndex.over(this.#keys, this.#size)
  }
}
