// The validated configuration the engine boots from. Produced by load-engine-config.ts
// (engine.toml, or an inline object such as a scenario's `engine:`) and load-manifest.ts.
import type { IsolationMode } from '../isolation/module-runner.js'
import type { Hex } from '../module-api/events.js'

export const KNOWN_CAPABILITIES = [
  'chain',
  'identity',
  'local-store',
  'remote-store',
  'messaging',
  'logging',
  'clock',
  'random',
  'http',
  'cow-api',
] as const
export type Capability = (typeof KNOWN_CAPABILITIES)[number]

export type Subscription =
  | { kind: 'block'; chainId: number }
  | { kind: 'log'; chainId: number; address?: Hex | undefined; eventSignature?: Hex | undefined }
  | { kind: 'cron'; schedule: string }

export interface ChainConfig {
  chainId: number
  /** ws(s):// subscribes, http(s):// polls; absent in simulations, where the world is injected. */
  rpcUrl?: string | undefined
  /** `poll_interval_secs`, for an http(s):// rpc_url; default the chain's block time. */
  pollIntervalMs?: number | undefined
  /** Orderbook API root for this chain; default: the public API root for the network. */
  orderbookUrl?: string | undefined
}

export interface EngineLimits {
  /** Every dispatch (and init) runs under this deadline; passing it is a trap. Default 120 s. */
  dispatchDeadlineMs: number
  /** Every chain JSON-RPC request. Default 30 s. */
  rpcTimeoutMs: number
  /** Every orderbook request. Default 10 s. */
  orderbookTimeoutMs: number
  /** Heap limit of an isolated module's worker thread. Default 256 MB. */
  moduleMemoryMb: number
  /** After a shutdown signal, how long the module call running may take to finish. Default 10 s. */
  drainDeadlineMs: number
  /** Each boot step that waits on an endpoint (dial, `eth_chainId`, one subscription). Default 30 s. */
  bootDeadlineMs: number
  /** Blocks a live stream holds for a lagging engine before it coalesces them to the newest head. Default 128. */
  blockQueueMax: number
  /** Logs a live stream holds for a lagging engine; past it the stream ends (exit 3), nothing is dropped silently. Default 10,000. */
  logQueueMax: number
}

export const DEFAULT_LIMITS: EngineLimits = {
  dispatchDeadlineMs: 120_000,
  rpcTimeoutMs: 30_000,
  orderbookTimeoutMs: 10_000,
  moduleMemoryMb: 256,
  drainDeadlineMs: 10_000,
  bootDeadlineMs: 30_000,
  blockQueueMax: 128,
  logQueueMax: 10_000,
}

/** One `[[modules]]` entry, resolved. */
export interface ModuleEntry {
  /** Absolute path of the module folder (holds `index.ts`). */
  path: string
  /** Absolute path of the manifest (default `<path>/module.toml`). */
  manifestPath: string
  /** Replaces `[module].name` (scenario `name:`). */
  name?: string | undefined
  /** Merged over the manifest's `[config]`. */
  config?: Record<string, string> | undefined
  /** Replaces the manifest's `[[subscription]]` list when present. */
  subscriptions?: Subscription[] | undefined
  /** Where the entry was declared, e.g. `modules[2]`, for error messages. */
  keyPath: string
}

export interface EngineConfig {
  /** The file the configuration came from (engine.toml, or the scenario file). */
  file: string
  /** null = no durable store: an in-memory store per run (scenarios). */
  stateDir: string | null
  logLevel: string
  /** How module code runs (decision 0024); unwritten: `worker` for `nexum-sim engine`, `in-process` in simulations. */
  isolation?: IsolationMode | undefined
  /** `[engine] metrics_addr`: serve Prometheus metrics there (live engine only); absent = off. */
  metricsAddr?: { host: string; port: number } | undefined
  /**
   * `[engine] orderbook_policy`: the policy file modules classify orderbook answers by (absolute;
   * docs/policies.md); absent = the shipped `policies/default.toml`.
   */
  orderbookPolicy?: string | undefined
  limits: EngineLimits
  /** Ascending chain id. */
  chains: ChainConfig[]
  modules: ModuleEntry[]
}

export interface ModuleManifest {
  file: string
  /** `[module].name`; empty becomes `module`, as in the Rust engine. */
  name: string
  version?: string | undefined
  /** `[module].component` (`sha256:…`); parsed, not verified (as in the Rust engine). */
  component?: string | undefined
  /** null = no `[capabilities]` section: legacy, no enforcement. */
  capabilities: { required: Capability[]; optional: Capability[]; httpAllow: string[] } | null
  /** `[config]` flattened to strings, in file order. */
  config: [string, string][]
  subscriptions: Subscription[]
}

/** A `[[modules]]` entry joined with its manifest: what the supervisor boots. */
export interface ResolvedModule {
  entry: ModuleEntry
  manifest: ModuleManifest
  /** entry.name ?? manifest.name: the namespace, dispatch key and log field. */
  name: string
  /** What `init` receives: the manifest's `[config]` with the entry's merged over it. */
  config: [string, string][]
  /** entry.subscriptions ?? manifest.subscriptions. */
  subscriptions: Subscription[]
}
