// An open-addressing index from a number key to a slot of the caller's typed columns: the lookup
// half of a hash map whose entries live in typed arrays (decision 0216), so a long run's tables are
// neither objects per entry nor re-allocated as entries come and go. Keys compare as a Map's do
// (SameValueZero); the caller stores -0 as 0. Linear probing over twice the slots, Fibonacci
// hashing (the top bits of key × 2^32/φ, so keys sharing their low bits still spread), and
// deletion by backward shift, so no tombstones build up.

export const NO_SLOT = -1

// The bits of a key that is not a small integer, for its hash.
const bits = new Float64Array(1)
const words = new Int32Array(bits.buffer)

function mixed(key: number): number {
  if ((key | 0) === key) return Math.imul(key, 0x9e3779b1)
  bits[0] = key
  return Math.imul(words[0]! ^ Math.imul(words[1]!, 0x85ebca6b), 0x9e3779b1)
}

const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))

export class NumberIndex {
  /** Slot + 1 per position; 0 is empty. */
  #index: Int32Array
  /** 32 − log2(index length): a key's home position is its mixed hash's top bits. */
  #shift: number

  /** An empty index for up to `slots` entries. */
  constructor(slots: number) {
    let length = slots > 0 ? 2 : 0
    while (length < slots * 2) length *= 2
    this.#index = new Int32Array(length)
    this.#shift = 32 - Math.log2(Math.max(1, length))
  }

  /** An index for up to `keys.length` entries holding slots 0 to `count` − 1 (a grown table's). */
  static over(keys: Float64Array, count: number): NumberIndex {
    const index = new NumberIndex(keys.length)
    for (let slot = 0; slot < count; slot++) index.add(slot, keys)
    return index
  }

  /** The slot whose key (in `keys`) is `key`, or NO_SLOT. */
  find(key: number, keys: Float64Array): number {
    const index = this.#index
    const mask = index.length - 1
    if (mask < 0) return NO_SLOT
    for (let at = this.#home(key); ; at = (at + 1) & mask) {
      const entry = index[at]!
      if (entry === 0) return NO_SLOT
      if (same(keys[entry - 1]!, key)) return entry - 1
    }
  }

  /** Indexes `slot` under its key `keys[slot]` (not already indexed). */
  add(slot: number, keys: Float64Array): void {
    const index = this.#index
    const mask = index.length - 1
    let at = this.#home(keys[slot]!)
    while (index[at] !== 0) at = (at + 1) & mask
    index[at] = slot + 1
  }

  /** Un-indexes `slot` (indexed under `keys[slot]`): later entries of its run move back. */
  remove(slot: number, keys: Float64Array): void {
    const index = this.#index
    const mask = index.length - 1
    let hole = this.#home(keys[slot]!)
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask
    for (let at = (hole + 1) & mask; index[at] !== 0; at = (at + 1) & mask) {
      const home = this.#home(keys[index[at]! - 1]!)
      // The entry at `at` may fill the hole unless its home lies cyclically in (hole, at].
      const stays = hole <= at ? home > hole && home <= at : home > hole || home <= at
      if (stays) continue
      index[hole] = index[at]!
      hole = at
    }
    index[hole] = 0
  }

  #home(key: number): number {
    return mixed(key) >>> this.#shift
  }
}
