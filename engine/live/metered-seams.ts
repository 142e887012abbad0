// The two measurements telemetry events cannot carry (they hold no time and no head): how long a
// module's call took, and which block was handed to the loop. Live engine only (wall clock).
import type { ModuleRunner } from '../isolation/module-runner.js'
import type { BlockHeader, EventStream } from '../sources/source.js'
import type { EngineMetrics } from './prometheus-telemetry.js'

/** The module's init and onEvent calls, timed into the dispatch-duration histogram. */
export function timedRunner(module: string, runner: ModuleRunner, metrics: EngineMetrics): ModuleRunner {
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      return await call()
    } finally {
      metrics.dispatchSeconds(module, (performance.now() - started) / 1000)
    }
  }
  return {
    init: (config, deadlineMs) => timed(() => runner.init(config, deadlineMs)),
    onEvent: (event, deadlineMs) => timed(() => runner.onEvent(event, deadlineMs)),
    computing: () => runner.computing(),
    stop: () => runner.stop(),
  }
}

/** Each header the loop takes sets the delivered gauge (and, over a WebSocket, the head). */
export function countDelivered(
  stream: EventStream<BlockHeader>,
  chainId: number,
  metrics: EngineMetrics,
  alsoHead: boolean,
): EventStream<BlockHeader> {
  return {
    close: () => stream.close(),
    [Symbol.asyncIterator]() {
      const inner = stream[Symbol.asyncIterator]()
      return {
        async next() {
          const next = await inner.next()
          if (!next.done && next.value.ok) {
            metrics.delivered(chainId, next.value.value.number)
            if (alsoHead) metrics.head(chainId, next.value.value.number)
          }
          return next
        },
        return: async () => inner.return?.() ?? { done: true, value: undefined },
      }
    },
  }
}
