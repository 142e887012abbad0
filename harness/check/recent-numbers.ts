// A number → number map that keeps at most `capacity` keys: setting a new key past that evicts
// the one set least recently, and setting a key again makes it the newest. The same answers as a
// `Map` with delete, set and "drop the first key" (the property test beside it checks so), but
// held in typed arrays (decision 0216): a slot per key threaded on a doubly linked list in the
// order keys were set, and an open-addressing index. After it has grown to `capacity`, a long run
// allocates nothing more, where a churning Map re-allocated its table every few thousand keys and
// each one reached the old generation. Keys compare as a Map's do (SameValueZero).

const FIRST_SLOTS = 1_024
const NONE = -1

// The bits of a key that is not a small integer, for its hash.
const bits = new Float64Array(1)
const words = new Int32Array(bits.buffer)

/** Fibonacci hashing: the top bits of key × 2^32/φ, so keys sharing their low bits still spread. */
function mixed(key: number): number {
  if ((key | 0) === key) return Math.imul(key, 0x9e3779b1)
  bits[0] = key
  return Math.imul(words[0]! ^ Math.imul(words[1]!, 0x85ebca6b), 0x9e3779b1)
}

const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))

export class RecentNumbers {
  #keys: Float64Array
  #values: Float64Array
  /** Slot set just before / just after each slot; NONE at the ends. */
  #older: Int32Array
  #newer: Int32Array
  /** Slot + 1 per index position; 0 is empty. Twice the slots, so probes stay short. */
  #index!: Int32Array
  /** 32 − log2(index length): a key's home position is its mixed hash's top bits. */
  #shift = 32
  #size = 0
  #oldest = NONE
  #newest = NONE

  constructor(readonly capacity: number) {
    const slots = Math.max(0, Math.min(capacity, FIRST_SLOTS))
    this.#keys = new Float64Array(slots)
    this.#values = new Float64Array(slots)
    this.#older = new Int32Array(slots)
    this.#newer = new Int32Array(slots)
    this.#setIndex(slots)
  }

  get size(): number {
    return this.#size
  }

  get(key: number): number | undefined {
    const slot = this.#find(key)
    return slot === NONE ? undefined : this.#values[slot]
  }

  set(key: number, value: number): void {
    if (this.capacity <= 0) return
    const k = key === 0 ? 0 : key // -0 and 0 are one key, stored as 0, as a Map does
    let slot = this.#find(k)
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
      this.#removeFromIndex(slot)
    }
    this.#keys[slot] = k
    this.#values[slot] = value
    this.#append(slot)
    this.#addToIndex(slot)
  }

  /** Keys, least recently set first (for tests and messages). */
  keys(): number[] {
    const out: number[] = []
    for (let slot = this.#oldest; slot !== NONE; slot = this.#newer[slot]!) out.push(this.#keys[slot]!)
    return out
  }

  #setIndex(slots: number): void {
    let length = slots > 0 ? 2 : 0
    while (length < slots * 2) length *= 2
    this.#index = new Int32Array(length)
    this.#shift = 32 - Math.log2(Math.max(1, length))
  }

  #home(key: number): number {
    return mixed(key) >>> this.#shift
  }

  #find(key: number): number {
    const index = this.#index
    const mask = index.length - 1
    if (mask < 0) return NONE
    for (let at = this.#home(key); ; at = (at + 1) & mask) {
      const entry = index[at]!
      if (entry === 0) return NONE
      if (same(this.#keys[entry - 1]!, key)) return entry - 1
    }
  }

  #addToIndex(slot: number): void {
    const index = this.#index
    const mask = index.length - 1
    let at = this.#home(this.#keys[slot]!)
    while (index[at] !== 0) at = (at + 1) & mask
    index[at] = slot + 1
  }

  /** Linear probing's deletion: later entries of the same run move back, so no lookup stops short. */
  #removeFromIndex(slot: number): void {
    const index = this.#index
    const mask = index.length - 1
    let hole = this.#home(this.#keys[slot]!)
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask
    for (let at = (hole + 1) & mask; index[at] !== 0; at = (at + 1) & mask) {
      const home = this.#home(this.#keys[index[at]! - 1]!)
      // The entry at `at` may fill the hole unless its home lies cyclically in (hole, at].
      const stays = hole <= at ? home > hole && home <= at : home > hole || home <= at
      if (stays) continue
      index[hole] = index[at]!
      hole = at
    }
    index[hole] = 0
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
    this.#keys = copied(new Float64Array(slots), this.#keys)
    this.#values = copied(new Float64Array(slots), this.#values)
    this.#older = copied(new Int32Array(slots), this.#older)
    this.#newer = copied(new Int32Array(slots), this.#newer)
    this.#setIndex(slots)
    for (let slot = 0; slot < this.#size; slot++) this.#addToIndex(slot)
  }
}

function copied<A extends Float64Array | Int32Array>(into: A, from: A): A {
  into.set(from)
  return into
}
