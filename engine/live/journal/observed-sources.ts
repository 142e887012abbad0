// Sources that tell an observer about every block header and log they deliver, before the engine
// sees it. The journal learns a dispatch's block hash and timestamp this way; the recorder writes
// them to its cassette.
import type { BlockHeader, EventStream, RawLog, SourceFactory, StreamItem } from '../../sources/source.js'

export interface SourceObserver {
  block?(chainId: number, header: BlockHeader): void
  log?(chainId: number, log: RawLog, module: string): void
}

export function observedSources(inner: SourceFactory, observer: SourceObserver): SourceFactory {
  return {
    async openBlocks(chainId) {
      return observed(await inner.openBlocks(chainId), (h) => observer.block?.(chainId, h))
    },
    async openLogs(chainId, filter, module) {
      return observed(await inner.openLogs(chainId, filter, module), (l) => observer.log?.(chainId, l, module))
    },
  }
}

function observed<T>(stream: EventStream<T>, see: (value: T) => void): EventStream<T> {
  return {
    close: () => stream.close(),
    async *[Symbol.asyncIterator](): AsyncIterator<StreamItem<T>> {
      for await (const item of stream) {
        if (item.ok) see(item.value)
        yield item
      }
    },
  }
}
