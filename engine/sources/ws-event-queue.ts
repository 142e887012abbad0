// A push-to-pull bridge: socket callbacks push items in arrival order, the event loop pulls them
// with `for await`. Nothing is reordered (unlike viem's watchBlocks, which fetches blocks
// concurrently and delivers them out of order). The queue is bounded (decision 0029): a node
// pushes whatever the engine's pace, so an engine that falls behind must not grow without limit.
// At the bound a block queue coalesces to the newest head (block-driven strategies act on the
// head, not on every stale block); a log queue ends its stream with an error item (logs are never
// dropped silently: the engine exits 3 for a restart, said so). Lag is reported once per quarter
// of the bound crossed, then again only after the queue drained.
import { BaseError } from '../errors/base-error.js'
import type { EventStream, StreamItem } from './source.js'

export interface EventQueue<T> {
  stream: EventStream<T>
  push(item: StreamItem<T>): void
  /** The source ended (socket closed): items already queued are still delivered, then iteration ends. */
  end(): void
  readonly ended: boolean
  /** Items waiting for the loop. */
  readonly size: number
}

export type LagKind = 'behind' | 'coalesced' | 'overflow' | 'caught-up'

export interface LagReport {
  /** `behind`: a quarter of the bound crossed; `coalesced`: items dropped for the newest; `overflow`: the stream ended at the bound; `caught-up`: drained after a report. */
  kind: LagKind
  /** Items waiting when reported. */
  queued: number
  max: number
  /** Items dropped by coalescing since the previous `coalesced` report. */
  dropped: number
  /** Items dropped by coalescing over the stream's life. */
  droppedTotal: number
  /** Block of the oldest and newest item waiting (when items carry one). */
  oldestBlock?: number | undefined
  newestBlock?: number | undefined
}

export interface QueueBound<T> {
  /** Items held at most (at least 1). */
  max: number
  /** At the bound: `coalesce` drops every waiting item for the newest; `end` ends the stream with an error item. */
  atBound: 'coalesce' | 'end'
  /** Told about lag (see LagReport); called synchronously from `push`/the reader. */
  onLag?: ((report: LagReport) => void) | undefined
  /** The block an item is about, for the reports. */
  blockOf?: ((value: T) => number | undefined) | undefined
  /** The stream as an error names it, e.g. `log stream of module twap-monitor on chain 11155111`. */
  describe?: string | undefined
}

/** A stream ended at its bound: the engine was too far behind to keep every log. */
export class QueueOverflowError extends BaseError {
  override readonly name = 'QueueOverflowError'
}

/** `onClose` runs once, when the consumer closes the stream (not when the source ends it). */
export function createEventQueue<T>(onClose: () => void = () => {}, bound?: QueueBound<T>): EventQueue<T> {
  const buffer: StreamItem<T>[] = []
  let head = 0 // index of the next item to deliver (shifting an array is O(n))
  let waiting: ((result: IteratorResult<StreamItem<T>>) => void) | undefined
  let ended = false
  let closed = false
  const max = Math.max(1, bound?.max ?? Number.POSITIVE_INFINITY)
  let reportedQuarter = 0
  let dropped = 0
  let droppedTotal = 0

  const size = () => buffer.length - head
  const blockAt = (i: number): number | undefined => {
    const item = buffer[i]
    return item?.ok ? bound?.blockOf?.(item.value) : undefined
  }
  const report = (kind: LagKind) => {
    if (!bound?.onLag) return
    bound.onLag({
      kind,
      queued: size(),
      max,
      dropped,
      droppedTotal,
      oldestBlock: size() > 0 ? blockAt(head) : undefined,
      newestBlock: size() > 0 ? blockAt(buffer.length - 1) : undefined,
    })
  }

  const take = (): StreamItem<T> | undefined => {
    if (head >= buffer.length) return undefined
    const item = buffer[head]
    buffer[head++] = undefined as never
    if (head > 1024 && head * 2 > buffer.length) {
      buffer.splice(0, head)
      head = 0
    }
    if (size() === 0 && reportedQuarter > 0) {
      reportedQuarter = 0
      report('caught-up')
    }
    return item
  }

  const settle = () => {
    if (!waiting) return
    const resolve = waiting
    const item = take()
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
    head = 0
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

  const push = (item: StreamItem<T>) => {
    if (ended) return
    if (size() >= max && bound) {
      if (bound.atBound === 'end') {
        report('overflow')
        buffer.push({
          ok: false,
          error: new QueueOverflowError(
            `${bound.describe ?? 'stream'}: ${size()} events queued (the bound, [engine.limits]) - the engine is too far behind; the stream ends so that nothing is dropped silently`,
          ),
        })
        ended = true
        settle()
        return
      }
      // Coalesce: everything waiting gives way to the newest item.
      const n = size()
      dropped += n
      droppedTotal += n
      buffer.length = 0
      head = 0
      buffer.push(item)
      report('coalesced')
      dropped = 0
      settle()
      return
    }
    buffer.push(item)
    if (bound) {
      const quarter = Math.floor((size() * 4) / max)
      if (quarter > reportedQuarter && quarter > 0) {
        reportedQuarter = quarter
        report('behind')
      }
    }
    settle()
  }

  return {
    stream: {
      [Symbol.asyncIterator]: () => iterator,
      close,
    },
    push,
    end() {
      ended = true
      settle()
    },
    get ended() {
      return ended
    },
    get size() {
      return size()
    },
  }
}
