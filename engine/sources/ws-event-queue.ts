// A push-to-pull bridge: socket callbacks push items in arrival order, the event loop pulls them
// with `for await`. Nothing is reordered or dropped while the stream is open, so every block the
// node announced reaches the loop (unlike viem's watchBlocks, which fetches blocks concurrently and delivers them out of order).
import type { EventStream, StreamItem } from './source.js'

export interface EventQueue<T> {
  stream: EventStream<T>
  push(item: StreamItem<T>): void
  /** The source ended (socket closed): items already queued are still delivered, then iteration ends. */
  end(): void
  readonly ended: boolean
}

/** `onClose` runs once, when the consumer closes the stream (not when the source ends it). */
export function createEventQueue<T>(onClose: () => void = () => {}): EventQueue<T> {
  const buffer: StreamItem<T>[] = []
  let waiting: ((result: IteratorResult<StreamItem<T>>) => void) | undefined
  let ended = false
  let closed = false

  const settle = () => {
    if (!waiting) return
    const resolve = waiting
    const item = buffer.shift()
    if (item) {
      waiting = undefined
      resolve({ done: false, value: item })
    } else if (ended) {
      waiting = undefined
      resolve({ done: true, value: undefined })
    }
  }

  const close = () => {
    if (closed) return
    closed = true
    ended = true
    buffer.length = 0
    settle()
    onClose()
  }

  const iterator: AsyncIterator<StreamItem<T>> = {
    next() {
      if (waiting) return Promise.reject(new Error('event stream has one reader at a time'))
      return new Promise((resolve) => {
        waiting = resolve
        settle()
      })
    },
    async return() {
      close()
      return { done: true, value: undefined }
    },
  }

  return {
    stream: {
      [Symbol.asyncIterator]: () => iterator,
      close,
    },
    push(item) {
      if (ended) return
      buffer.push(item)
      settle()
    },
    end() {
      ended = true
      settle()
    },
    get ended() {
      return ended
    },
  }
}
