// The seams: everything the engine touches outside its own memory, injected. The live engine
// gets real implementations (engine/live/), the harness simulated ones (harness/world/).
import type { Clock } from './clock/clock.js'
import type { EngineFiles } from './config/engine-files.js'
import type { ModuleEntry } from './config/types.js'
import type { ModuleThreads } from './isolation/module-threads.js'
import type { ModuleRunner } from './isolation/module-runner.js'
import type { EngineModule } from './module-api/module.js'
import type { Telemetry } from './observe/telemetry.js'
import type { RandomSource } from './random/random.js'
import type { SourceFactory } from './sources/source.js'
import type { KeyValueStore } from './store/key-value-store.js'
import type { RpcTransports } from './transport/rpc-transport.js'

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>

export interface EngineWorld {
  clock: Clock
  random: RandomSource
  /** JSON-RPC per chain, for the `chain` host. */
  rpc: RpcTransports
  /** Block and log subscriptions. */
  sources: SourceFactory
  /** The orderbook's HTTP path (the global `fetch` in production and under MSW). */
  fetch: FetchFn
  /** Backing store of `local-store`. The engine closes it when the run ends. */
  store: KeyValueStore
  telemetry: Telemetry
  /** Aborted with the signal's name (`SIGTERM`, `SIGINT`) to shut the engine down. */
  shutdown: AbortSignal
  /** Manifests, config schemas and policy files; default: read from disk at each boot. */
  files?: EngineFiles | undefined
  /** Loads a module folder's code (modules run in the engine's thread). */
  loadModule(entry: ModuleEntry): Promise<EngineModule>
  /** Where isolated modules' threads come from; default a fresh thread per module. */
  moduleThreads?: ModuleThreads | undefined
  /** Wraps each module's runner (the live world times its calls for metrics); absent = as is. */
  observeRunner?: ((module: string, runner: ModuleRunner) => ModuleRunner) | undefined
}
