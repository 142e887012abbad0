// Several streams merged into one queue, in arrival order (the Rust engine's `select_all`).
// A merged side with no streams never ends (the Rust engine's fix in 80044a4): it just never has an
// item. A non-empty side ends once every one of its streams has ended and its queue is drained.
import type { EventStream, StreamItem } from '../sources/source.js'

/** An item with the origin of the stream it came from. */
export type Tagged<T, Tag> = { tag: Tag; item: StreamItem<T> }

export class MergedStream<T, Tag = undefined> {
  private readonly queue: Tagged<T, Tag>[] = []
  private head = 0
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
    return this.head < this.queue.length
  }

  take(): Tagged<T, Tag> | undefined {
    if (!this.hasItem()) return undefined
    const item = this.queue[this.head]
    this.head++
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    return item
  }

  /** Every stream has ended and nothing is left to take. Never true for an empty side. */
  ended(): boolean {
    return !this.empty && this.live === 0 && !this.hasItem()
  }

  private async pump(stream: EventStream<T>, tag: Tag): Promise<void> {
    try {
      for await (const item of stream) {
        this.queue.push({ tag, item })
        this.onChange()
      }
    } catch (error) {
      // An iterator that throws is a stream that broke: one error item, then its end.
      this.queue.push({ tag, item: { ok: false, error: error instanceof Error ? error : new Error(String(error)) } })
    }
    this.live--
    this.onChange()
  }
}
