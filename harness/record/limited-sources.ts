// `record --blocks N`: each chain's block stream delivers its first N blocks and then holds (it
// neither ends, which would stop the engine with exit 3, nor delivers more); logs of later blocks
// are held too. The recorder stops the engine once every stream has delivered its N and the
// engine is idle.
import type { EventStream, SourceFactory, StreamItem } from '../../engine/sources/source.js'

export interface LimitedSources extends SourceFactory {
  /** Resolves once every opened block stream has delivered `limit` blocks. */
  readonly filled: Promise<void>
}

export function limitedSources(inner: SourceFactory, limit: number): LimitedSources {
  const last = new Map<number, number>()
  const pending = new Set<number>()
  let resolveFilled!: () => void
  const filled = new Promise<void>((r) => {
    resolveFilled = r
  })
  const check = () => {
    if (pending.size === 0) resolveFilled()
  }
  return {
    filled,
    async openBlocks(chainId) {
      const stream = await inner.openBlocks(chainId)
      pending.add(chainId)
      let delivered = 0
      return hold(stream, (item) => {
        if (delivered >= limit) return false
        if (item.ok) {
          delivered++
          last.set(chainId, item.value.number)
          if (delivered === limit) {
            pending.delete(chainId)
            queueMicrotask(check)
          }
        }
        return true
      })
    },
    async openLogs(chainId, filter, module) {
      const stream = await inner.openLogs(chainId, filter, module)
      return hold(stream, (item) => {
        const top = last.get(chainId)
        const full = !pending.has(chainId) && top !== undefined
        return !(full && item.ok && (item.value.blockNumber ?? 0) > top)
      })
    },
  }
}

/** Passes the items `admit` accepts; the others are swallowed (the stream stays open). */
function hold<T>(stream: EventStream<T>, admit: (item: StreamItem<T>) => boolean): EventStream<T> {
  return {
    close: () => stream.close(),
    async *[Symbol.asyncIterator](): AsyncIterator<StreamItem<T>> {
      for await (const item of stream) if (admit(item)) yield item
    },
  }
}
