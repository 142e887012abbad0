// Several streams merged into one queue, in arrival order (the Rust engine's `select_all`).
// A merged side with no streams never ends (the Rust engine's fix in 80044a4): it just never has an
// item. A non-empty side ends once every one of its streams has ended and its queue is drained.
import type { EventStream, StreamItem } from '../sources/source.js'

/** An item with the origin of the stream it came from. */
export type Tagged<T, Tag> = { tag: Tag; item: StreamItem<T> }

export class MergedStream<T, Tag = undefined> {
  /**
   * A ring, doubled when full: a taken slot is cleared at once and the storage is reused. (An
   * array spliced every ~1,000 takes kept each taken block header alive that long, so every one
   * was promoted to the old generation: garbage growing with the run's length.)
   */
  private ring: (Tagged<T, Tag> | undefined)[] = new Array(16).fill(undefined)
  private head = 0
  private count = 0
  private live: number
  readonly empty: boolean

  constructor(
    streams: readonly { stream: EventStream<T>; tag: Tag }[],
    private readonly onChange: () => void,
  ) {
    this.live = streams.length
    this.empty = streams.length === 0
    for (const { stream, tag } of streams) void this.pump(stream, tag)
  }

  hasItem(): boolean {
    return this.count > 0
  }

  take(): Tagged<T, Tag> | undefined {
    if (this.count === 0) return undefined
    const item = this.ring[this.head]
    this.ring[this.head] = undefined
    this.head = (this.head + 1) & (this.ring.length - 1)
    this.count--
    return item
  }

  private push(tagged: Tagged<T, Tag>): void {
    const ring = this.ring
    if (this.count === ring.length) {
      // Oldest first into a ring twice the size.
      this.ring = [...ring.slice(this.head), ...ring.slice(0, this.head), ...new Array(ring.length).fill(undefined)]
      this.head = 0
    }
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = tagged
    this.count++
  }

  /** Every stream has ended and nothing is left to take. Never true for an empty side. */
  ended(): boolean {
    return !this.empty && this.live === 0 && !this.hasItem()
  }

  private async pump(stream: EventStream<T>, tag: Tag): Promise<void> {
    try {
      for await (const item of stream) {
        this.push({ tag, item })
        this.onChange()
      }
    } catch (error) {
      // An iterator that throws is a stream that broke: one error item, then its end.
      this.push({ tag, item: { ok: false, error: error instanceof Error ? error : new Error(String(error)) } })
    }
    this.live--
    this.onChange()
  }
}
