// An EventStream fed by pushes: the bridge from callbacks (a WebSocket message, a scripted step)
// to the async iteration the event loop consumes. Unbounded: a source never blocks on the loop.
import type { EventStream, StreamItem } from './source.js'

export class ChannelStream<T> implements EventStream<T> {
  private readonly buffer: StreamItem<T>[] = []
  private waiting: ((r: IteratorResult<StreamItem<T>>) => void) | undefined
  private done = false
  private readonly onClose: (() => void) | undefined

  constructor(onClose?: () => void) {
    this.onClose = onClose
  }

  get closed(): boolean {
    return this.done
  }

  /** Items pushed and not yet taken by the reader. */
  get size(): number {
    return this.buffer.length
  }

  push(value: T): void {
    this.deliver({ ok: true, value })
  }

  pushError(error: Error): void {
    this.deliver({ ok: false, error })
  }

  /** Ends the stream after the items already pushed (a WebSocket closing). */
  end(): void {
    if (this.done) return
    this.done = true
    if (this.waiting && this.buffer.length === 0) {
      const w = this.waiting
      this.waiting = undefined
      w({ done: true, value: undefined })
    }
  }

  close(): void {
    const wasOpen = !this.done
    this.end()
    if (wasOpen) this.onClose?.()
  }

  private deliver(item: StreamItem<T>): void {
    if (this.done) return
    if (this.waiting) {
      const w = this.waiting
      this.waiting = undefined
      w({ done: false, value: item })
    } else {
      this.buffer.push(item)
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamItem<T>> {
    return {
      next: () => {
        const item = this.buffer.shift()
        if (item) return Promise.resolve({ done: false, value: item })
        if (this.done) return Promise.resolve({ done: true, value: undefined })
        return new Promise((resolve) => (this.waiting = resolve))
      },
      return: () => {
        this.close()
        return Promise.resolve({ done: true, value: undefined })
      },
    }
  }
}
