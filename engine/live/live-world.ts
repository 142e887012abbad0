// The real world the live engine runs in: system clock, OS randomness, viem JSON-RPC, WebSocket
// subscriptions, the global fetch, a SQLite local store, module folders imported from disk,
// and log lines printed to the console. Built in the Rust engine's boot order: store first; the
// engine then dials each chain under its boot deadline (a ws(s):// chain that cannot be dialled
// fails the boot, docs/design.md §3 step 7; decision 0028).
// With a state_dir, the journal (journal/) records every orderbook exchange beside the store.
import { MAX_TIMER_MS, systemClock } from './system-clock.js'
import type { EngineConfig } from '../config/types.js'
import { importModuleFolder } from '../module-loader.js'
import { cryptoRandom } from './crypto-random.js'
import { chainBlockTimeMs } from '../config/chain-block-time.js'
import type { ModuleRunner } from '../isolation/module-runner.js'
import { createPollingSources } from '../sources/http-poll-sources.js'
import type { SourceFactory } from '../sources/source.js'
import { createWsSources } from '../sources/ws-sources.js'
import type { KeyValueStore } from '../store/key-value-store.js'
import { openLocalStore } from './open-local-store.js'
import { createViemRpcTransports, isWebSocketUrl } from '../transport/viem-rpc-transports.js'
import type { EngineWorld } from '../world.js'
import { createConsoleTelemetry, formatLogLine } from './console-telemetry.js'
import { countDelivered, timedRunner } from './metered-seams.js'
import { startMetricsServer } from './metrics-server.js'
import { createEngineMetrics } from './prometheus-telemetry.js'
import { createDispatchJournal } from './journal/dispatch-journal.js'
import { encodeJournalLine } from './journal/journal-line.js'
import { JournalFile, type JournalFileOptions } from './journal/journal-file.js'
import { type Telemetry, teeTelemetry } from '../observe/telemetry.js'
import { createLogger } from '../observe/logger.js'
import { logLag } from './log-lag.js'

export interface LiveWorldOptions {
  /** Aborted with the signal's name to stop the engine. */
  shutdown: AbortSignal
  /** Where log lines go (one line per call, no newline). */
  out: (line: string) => void
  /** The console's wall clock; default the system clock. */
  now?: () => number
  /** Journal rotation (default: 16 MiB per file, 3 rotated files kept). */
  journal?: JournalFileOptions | undefined
}

export type LiveWorld = EngineWorld & {
  /** Unsubscribes, closes the sockets and the store. Idempotent. */
  close(): Promise<void>
}

/** viem's own request timeout sits this far behind the engine's RPC deadline, as a backstop only. */
const TRANSPORT_TIMEOUT_MARGIN_MS = 5_000

export async function createLiveWorld(config: EngineConfig, options: LiveWorldOptions): Promise<LiveWorld> {
  // Metrics first: a metrics_addr that cannot be bound fails the boot before anything is opened.
  const metrics = config.metricsAddr ? createEngineMetrics() : undefined
  const metricsServer =
    metrics && config.metricsAddr
      ? await startMetricsServer(metrics.registry, config.metricsAddr.host, config.metricsAddr.port)
      : undefined
  if (metricsServer)
    options.out(
      formatLogLine(
        {
          type: 'log',
          level: 'info',
          target: 'engine',
          message: 'metrics listening',
          fields: { addr: `${metricsServer.address.host}:${metricsServer.address.port}` },
        },
        (options.now ?? systemClock.now)(),
      ),
    )
  let store: KeyValueStore
  try {
    store = openLocalStore(config.stateDir)
  } catch (error) {
    await metricsServer?.close()
    throw error
  }
  const rpc = createViemRpcTransports(config.chains, {
    // Node timers overflow past 2^31-1 ms and fire at once: the backstop never goes beyond.
    timeoutMs: Math.min(config.limits.rpcTimeoutMs + TRANSPORT_TIMEOUT_MARGIN_MS, MAX_TIMER_MS),
  })
  // The engine dials each chain at boot, under its boot deadline (run-engine.ts, decision 0028).
  let journalFile: JournalFile | undefined
  try {
    if (config.stateDir !== null) journalFile = JournalFile.open(config.stateDir, options.journal)
  } catch (error) {
    await rpc.close()
    store.close()
    await metricsServer?.close()
    throw error
  }
  const journal = journalFile && createDispatchJournal(config.chains, (r) => journalFile.append(encodeJournalLine(r)))
  // ws(s):// chains subscribe; http(s):// chains are polled (decision 0034).
  const polled = (chainId: number) => {
    const url = config.chains.find((c) => c.chainId === chainId)?.rpcUrl
    return url !== undefined && !isWebSocketUrl(url)
  }
  // Lag lines go through the same telemetry as every engine line (console, journal, metrics).
  const lagTelemetry: { sink?: Telemetry } = {}
  const wsSources = createWsSources(
    config.chains.filter((c) => !polled(c.chainId)),
    rpc,
    {
      blockQueueMax: config.limits.blockQueueMax,
      logQueueMax: config.limits.logQueueMax,
      onLag: (stream, report) => {
        metrics?.lag(stream, report)
        if (lagTelemetry.sink) logLag(createLogger(lagTelemetry.sink), stream, report)
      },
    },
  )
  const polling = createPollingSources(
    config.chains.flatMap((c) => {
      const transport = polled(c.chainId) ? rpc.forChain(c.chainId) : undefined
      return transport
        ? [{ chainId: c.chainId, intervalMs: c.pollIntervalMs ?? chainBlockTimeMs(c.chainId), transport }]
        : []
    }),
    {
      clock: systemClock,
      blockQueueMax: config.limits.blockQueueMax,
      onHead: (chainId, head) => metrics?.head(chainId, head),
    },
  )
  const liveSources: SourceFactory = {
    openBlocks: async (chainId) => {
      const stream = await (polled(chainId) ? polling : wsSources).openBlocks(chainId)
      return metrics ? countDelivered(stream, chainId, metrics, !polled(chainId)) : stream
    },
    openLogs: (chainId, filter, module) => (polled(chainId) ? polling : wsSources).openLogs(chainId, filter, module),
  }
  const sources = journal ? journal.wrapSources(liveSources) : liveSources
  const consoleTelemetry = createConsoleTelemetry({
    logLevel: config.logLevel,
    now: options.now ?? systemClock.now,
    out: options.out,
  })
  const sinks = [consoleTelemetry, ...(journal ? [journal.telemetry] : []), ...(metrics ? [metrics.telemetry] : [])]
  const telemetry = sinks.length === 1 ? consoleTelemetry : teeTelemetry(...sinks)
  lagTelemetry.sink = telemetry
  const globalFetch: EngineWorld['fetch'] = (input, init) => fetch(input, init)

  let closing: Promise<void> | undefined
  return {
    clock: systemClock,
    random: cryptoRandom,
    rpc,
    sources,
    fetch: journal ? journal.wrapFetch(globalFetch) : globalFetch,
    store,
    telemetry,
    shutdown: options.shutdown,
    loadModule: importModuleFolder,
    ...(metrics
      ? { observeRunner: (module: string, runner: ModuleRunner) => timedRunner(module, runner, metrics) }
      : {}),
    close() {
      closing ??= (async () => {
        wsSources.close()
        polling.close()
        await rpc.close()
        store.close()
        journalFile?.close()
        await metricsServer?.close()
      })()
      return closing
    },
  }
}
