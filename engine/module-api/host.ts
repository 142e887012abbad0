// The host interfaces a module reaches the world through (the Rust engine's WIT imports).
// Every function either resolves or rejects with a HostError.
import type { Hex } from './events.js'
import type { OrderbookPolicy } from './orderbook-policy.js'

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error'

export interface ChainHost {
  /**
   * Raw JSON-RPC passthrough. `params` is the JSON text of the params array; the JSON text of
   * `result` comes back verbatim (e.g. `"0x1234"` with its quotes), as in the Rust engine.
   */
  request(chainId: number, method: string, params: string): Promise<string>
  /** Sequential; each entry succeeds or fails on its own. */
  requestBatch(
    chainId: number,
    requests: { method: string; params: string }[],
  ): Promise<({ ok: true; value: string } | { ok: false; error: import('./host-error.js').HostError })[]>
}

export interface LocalStoreHost {
  get(key: string): Promise<Uint8Array | undefined>
  set(key: string, value: Uint8Array): Promise<void>
  delete(key: string): Promise<void>
  /** Keys of this module starting with `prefix`, sorted by byte order, namespace stripped. */
  listKeys(prefix: string): Promise<string[]>
}

/**
 * The longest wait an orderbook answer's Retry-After may ask for: a day. The engine clamps the
 * header to it, and so does the SDK's classifier (a number like 1e21 cannot be stored exactly).
 */
export const MAX_RETRY_AFTER_SECONDS = 86_400

export interface CowApiHost {
  /**
   * POSTs the OrderCreation JSON to `{orderbook_url}/api/v1/orders`. 201 resolves with the UID;
   * anything else rejects with a HostError (domain `cow-api`, code = HTTP status or 0,
   * data = the response body verbatim). See docs/orderbook.md.
   */
  submitOrder(chainId: number, orderJson: string): Promise<string>
  /** Generic passthrough: the response body comes back whatever the status. */
  request(chainId: number, method: string, path: string, body?: string): Promise<string>
}

export interface LoggingHost {
  log(level: LogLevel, message: string): void
}

export interface ClockHost {
  /** Wall-clock milliseconds since the epoch (virtual under the harness). */
  nowMs(): number
}

export interface RandomHost {
  fill(length: number): Uint8Array
}

/** The retry vocabulary of the orderbook classifier (docs/orderbook.md). */
export type DecisionKind = 'submitted' | 'already-submitted' | 'try-next-block' | 'backoff' | 'drop'

export interface Decision {
  /** The order UID the decision is about (0x + 112 hex). */
  uid: Hex
  decision: DecisionKind
  /** For `backoff`: seconds until the order may be posted again. */
  backoffSeconds?: number | undefined
  /** The HTTP status of the answer (0 for a transport failure, 201 on success). */
  status?: number | undefined
  /** The orderbook's `errorType`, when the body carried one. */
  errorType?: string | undefined
}

export interface DecisionsHost {
  /** Reports what the module decided after a submission; the engine logs and traces it. */
  report(decision: Decision): void
}

export interface ModuleHost {
  /** The module's name (its namespace). */
  readonly moduleName: string
  chain: ChainHost
  localStore: LocalStoreHost
  cowApi: CowApiHost
  logging: LoggingHost
  clock: ClockHost
  random: RandomHost
  decisions: DecisionsHost
  /** The orderbook decision table the engine runs with (docs/policies.md): plain data, read-only. */
  readonly orderbookPolicy: OrderbookPolicy
}

export type { Hex }
