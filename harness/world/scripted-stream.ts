// One scripted subscription: an in-memory queue read by a single consumer (the engine's event
// loop) as an EventStream. The world pushes items; `end()` is the WebSocket closing (items already
// received are still read, then the iteration ends); `close()` is the consumer unsubscribing.
import type { EventStream, StreamItem } from '../../engine/sources/source.js'

export type StreamState = 'open' | 'ended' | 'closed'

export class ScriptedStream<T> implements EventStream<T> {
  readonly #queue: StreamItem<T>[] = []
  #state: StreamState = 'open'
  #waiting: ((result: IteratorResult<StreamItem<T>>) => void) | undefined

  get state(): StreamState {
    return this.#state
  }

  /** Items pushed but not yet read. */
  get backlog(): number {
    return this.#queue.length
  }

  /** Delivers an item; ignored once the stream is no longer open. Returns whether it was taken. */
  push(item: StreamItem<T>): boolean {
    if (this.#state !== 'open') return false
    const waiting = this.#waiting
    if (waiting) {
      this.#waiting = undefined
      waiting({ value: item, done: false })
    } else {
      this.#queue.push(item)
    }
    return true
  }

  /** The source ended: the consumer reads what was already delivered, then its iteration ends. */
  end(): void {
    if (this.#state !== 'open') return
    this.#state = 'ended'
    this.#wakeDone()
  }

  close(): void {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    this.#queue.length = 0
    this.#wakeDone()
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamItem<T>> {
    return {
      next: () => {
        const item = this.#queue.shift()
        if (item !== undefined) return Promise.resolve({ value: item, done: false })
        if (this.#state !== 'open') return Promise.resolve(DONE)
        if (this.#waiting) return Promise.reject(new Error('a scripted stream has a single reader'))
        return new Promise((resolve) => (this.#waiting = resolve))
      },
      // `break` / `return` inside for-await: the consumer unsubscribes.
      return: () => {
        this.close()
        return Promise.resolve(DONE)
      },
    }
  }

  #wakeDone(): void {
    if (this.#queue.length > 0) return
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.(DONE)
  }
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true }
