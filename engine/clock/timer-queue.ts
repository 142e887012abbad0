// A min-heap of timers ordered by (time, insertion sequence), with O(log n) removal: every
// host call and dispatch arms a deadline timer that is cancelled almost always, so cancelled
// timers must leave the heap at once rather than pile up until their time comes.

export interface QueuedTimer {
  readonly at: number
  readonly seq: number
  readonly label: string
  /** Position in the heap; -1 once removed. */
  index: number
}

export class TimerQueue<T extends QueuedTimer> {
  readonly #heap: T[] = []

  get size(): number {
    return this.#heap.length
  }

  peek(): T | undefined {
    return this.#heap[0]
  }

  push(timer: T): void {
    timer.index = this.#heap.length
    this.#heap.push(timer)
    this.#up(timer.index)
  }

  /** Removes and returns the earliest timer. */
  pop(): T | undefined {
    const top = this.#heap[0]
    if (top !== undefined) this.remove(top)
    return top
  }

  /** Removes a timer wherever it is; a timer already removed is ignored. */
  remove(timer: T): void {
    const i = timer.index
    if (i < 0 || this.#heap[i] !== timer) return
    const last = this.#heap.pop()!
    timer.index = -1
    if (last === timer) return
    this.#heap[i] = last
    last.index = i
    this.#down(i)
    this.#up(last.index)
  }

  /** All timers in firing order (a copy; for reports). */
  sorted(): T[] {
    return [...this.#heap].sort(compare)
  }

  #up(i: number): void {
    const heap = this.#heap
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (compare(heap[i]!, heap[parent]!) >= 0) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down(i: number): void {
    const heap = this.#heap
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let least = i
      if (left < heap.length && compare(heap[left]!, heap[least]!) < 0) least = left
      if (right < heap.length && compare(heap[right]!, heap[least]!) < 0) least = right
      if (least === i) return
      this.#swap(i, least)
      i = least
    }
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap
    const x = heap[a]!
    const y = heap[b]!
    heap[a] = y
    heap[b] = x
    y.index = a
    x.index = b
  }
}

function compare(a: QueuedTimer, b: QueuedTimer): number {
  return a.at - b.at || a.seq - b.seq
}
