// The real world the live engine runs in: system clock, OS randomness, viem JSON-RPC, WebSocket
// subscriptions, the global fetch, a SQLite local store, module folders imported from disk,
// and log lines printed to the console. Built in the Rust engine's boot order: store first, then the
// chain connections (a ws(s):// chain that cannot be dialled fails the boot, docs/design.md §3 step 7).
import { systemClock } from '../clock/clock-system.js'
import type { EngineConfig } from '../config/types.js'
import { importModuleFolder } from '../module-loader.js'
import { cryptoRandom } from '../random/random-crypto.js'
import { createWsSources } from '../sources/ws-sources.js'
import type { KeyValueStore } from '../store/key-value-store.js'
import { openLocalStore } from './open-local-store.js'
import { createViemRpcTransports } from '../transport/viem-rpc-transports.js'
import type { EngineWorld } from '../world.js'
import { createConsoleTelemetry } from './console-telemetry.js'

export interface LiveWorldOptions {
  /** Aborted with the signal's name to stop the engine. */
  shutdown: AbortSignal
  /** Where log lines go (one line per call, no newline). */
  out: (line: string) => void
  /** The console's wall clock; default the system clock. */
  now?: () => number
}

export type LiveWorld = EngineWorld & {
  /** Unsubscribes, closes the sockets and the store. Idempotent. */
  close(): Promise<void>
}

/** viem's own request timeout sits this far behind the engine's RPC deadline, as a backstop only. */
const TRANSPORT_TIMEOUT_MARGIN_MS = 5_000

export async function createLiveWorld(config: EngineConfig, options: LiveWorldOptions): Promise<LiveWorld> {
  const store: KeyValueStore = openLocalStore(config.stateDir)
  const rpc = createViemRpcTransports(config.chains, {
    timeoutMs: config.limits.rpcTimeoutMs + TRANSPORT_TIMEOUT_MARGIN_MS,
  })
  try {
    await rpc.connect()
  } catch (error) {
    await rpc.close()
    store.close()
    throw error
  }
  const sources = createWsSources(config.chains, rpc)
  const telemetry = createConsoleTelemetry({
    logLevel: config.logLevel,
    now: options.now ?? systemClock.now,
    out: options.out,
  })

  let closing: Promise<void> | undefined
  return {
    clock: systemClock,
    random: cryptoRandom,
    rpc,
    sources,
    fetch: (input, init) => fetch(input, init),
    store,
    telemetry,
    shutdown: options.shutdown,
    loadModule: importModuleFolder,
    close() {
      closing ??= (async () => {
        sources.close()
        await rpc.close()
        store.close()
      })()
      return closing
    },
  }
}
