// The live engine's Prometheus metrics (decision 0036), fed by the same telemetry events the
// console prints, plus two live-only seams: a head seen on a chain (the http poller, a newHeads
// notification) and the time a module took to handle an event.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Telemetry } from '../observe/telemetry.js'
import type { LagReport } from '../sources/ws-event-queue.js'
import type { LaggingStream } from '../sources/ws-sources.js'

export interface EngineMetrics {
  registry: Registry
  /** Feed it every engine event. */
  telemetry: Telemetry
  /** The chain's head as the node reports it. */
  head(chainId: number, number: number): void
  /** A block handed to the event loop. */
  delivered(chainId: number, number: number): void
  /** One module call (init or event), in seconds. */
  dispatchSeconds(module: string, seconds: number): void
  /** A live stream's lag report (decision 0029). */
  lag(stream: LaggingStream, report: LagReport): void
}

export function createEngineMetrics(): EngineMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'nexum_' })
  const registers = [registry]
  const head = new Gauge({
    name: 'nexum_chain_head_block',
    help: 'Latest block number the chain node reported',
    labelNames: ['chain_id'],
    registers,
  })
  const delivered = new Gauge({
    name: 'nexum_chain_delivered_block',
    help: 'Last block number handed to the modules',
    labelNames: ['chain_id'],
    registers,
  })
  const dispatches = new Counter({
    name: 'nexum_module_dispatches_total',
    help: 'Events handled by a module, by outcome (ok, host-error, trap)',
    labelNames: ['module', 'event', 'outcome'],
    registers,
  })
  const latency = new Histogram({
    name: 'nexum_module_dispatch_duration_seconds',
    help: 'Time a module took to handle one event (or its init)',
    labelNames: ['module'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  })
  const traps = new Counter({
    name: 'nexum_module_traps_total',
    help: 'Traps (the module is dead for the rest of the run), at init or in a dispatch',
    labelNames: ['module'],
    registers,
  })
  const hostCalls = new Counter({
    name: 'nexum_host_calls_total',
    help: 'Host calls made by modules, by host and outcome (ok, or the host error kind)',
    labelNames: ['module', 'host', 'outcome'],
    registers,
  })
  const orderbook = new Counter({
    name: 'nexum_orderbook_requests_total',
    help: 'Order submissions to the orderbook, by HTTP status (0: no answer) and the decision taken',
    labelNames: ['module', 'status', 'decision'],
    registers,
  })
  const streamEnds = new Counter({
    name: 'nexum_stream_ends_total',
    help: 'Block or log streams that ended (the engine exits 3 after one)',
    labelNames: ['stream'],
    registers,
  })

  const queued = new Gauge({
    name: 'nexum_stream_queued_events',
    help: 'Events a live stream held for the engine at its last lag report (0 once caught up)',
    labelNames: ['chain_id', 'stream'],
    registers,
  })
  const coalesced = new Counter({
    name: 'nexum_blocks_coalesced_total',
    help: 'Queued blocks dropped for the newest head because the engine was a whole queue behind',
    labelNames: ['chain_id'],
    registers,
  })
  const overflows = new Counter({
    name: 'nexum_stream_overflows_total',
    help: 'Log streams ended because their queue was full (an exit 3 follows)',
    labelNames: ['chain_id'],
    registers,
  })

  return {
    registry,
    lag(stream, report) {
      const chain_id = String(stream.chainId)
      queued.set({ chain_id, stream: stream.kind }, report.queued)
      if (report.kind === 'coalesced') coalesced.inc({ chain_id }, report.dropped)
      if (report.kind === 'overflow') overflows.inc({ chain_id })
    },
    head: (chainId, number) => head.set({ chain_id: String(chainId) }, number),
    delivered: (chainId, number) => delivered.set({ chain_id: String(chainId) }, number),
    dispatchSeconds: (module, seconds) => latency.observe({ module }, seconds),
    telemetry: {
      emit(event) {
        switch (event.type) {
          case 'dispatch':
            dispatches.inc({ module: event.module, event: event.event, outcome: event.outcome })
            if (event.outcome === 'trap') traps.inc({ module: event.module })
            break
          case 'module-init':
            if (event.outcome === 'trap') traps.inc({ module: event.module })
            break
          case 'host-call':
            hostCalls.inc({
              module: event.module,
              host: event.host,
              outcome: event.ok ? 'ok' : (event.error?.kind ?? 'error'),
            })
            break
          case 'decision':
            orderbook.inc({
              module: event.module,
              status: String(event.decision.status ?? 0),
              decision: event.decision.decision,
            })
            break
          case 'stream-end':
            streamEnds.inc({ stream: event.stream })
            break
        }
      },
    },
  }
}
