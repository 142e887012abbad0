// The messages between the engine and a module's worker thread (decision 0024). The module's
// host lives in the engine: every host call crosses as a message, so a module that loops, leaks
// or runs out of memory takes only its own thread down.
import type { ModuleEntry } from '../config/types.js'
import type { ModuleEvent } from '../module-api/events.js'
import type { HostErrorFields } from '../module-api/host-error.js'
import type { OrderbookPolicy } from '../module-api/orderbook-policy.js'

/** Asynchronous host methods: the worker awaits a `reply`. */
export const ASYNC_HOST_METHODS = [
  'chain.request',
  'chain.requestBatch',
  'localStore.get',
  'localStore.set',
  'localStore.delete',
  'localStore.listKeys',
  'cowApi.submitOrder',
  'cowApi.request',
] as const
export type AsyncHostMethod = (typeof ASYNC_HOST_METHODS)[number]

/** Synchronous host methods: the worker blocks on a shared buffer until the engine answers. */
export const SYNC_HOST_METHODS = ['clock.nowMs', 'random.fill', 'decisions.report'] as const
export type SyncHostMethod = (typeof SYNC_HOST_METHODS)[number]

export type CallResult =
  | { kind: 'ok' }
  | { kind: 'host-error'; error: HostErrorFields }
  | { kind: 'trap'; message: string }

/**
 * Engine → worker. `seq` grows across every runner in the process, so a `yield` can be matched
 * to the last message it covers even when a thread is reused by the next run.
 */
export type ToWorker = { seq: number } & (
  | { t: 'load'; entry: ModuleEntry; moduleName: string; orderbookPolicy: OrderbookPolicy }
  | { t: 'call'; what: 'init'; config: Record<string, string> }
  | { t: 'call'; what: 'event'; event: ModuleEvent }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: HostErrorFields }
)

/** Worker → engine. */
export type FromWorker =
  | { t: 'loaded' }
  | { t: 'load-failed'; message: string }
  | { t: 'done'; result: CallResult }
  | { t: 'host'; id: number; method: AsyncHostMethod; args: unknown[] }
  | { t: 'sync'; method: SyncHostMethod; args: unknown[]; buffer: SharedArrayBuffer }
  | { t: 'log'; level: string; message: string }
  /** The module did something that kills it outside any call's outcome (a floating rejection, a timer). */
  | { t: 'fault'; message: string }
  /** Every message up to `seq` has run to completion: the worker waits for the engine. */
  | { t: 'yield'; seq: number }

/** Layout of a synchronous call's buffer: state word, byte length, then UTF-8 JSON. */
export const SYNC_HEADER_BYTES = 8
export const SYNC_PENDING = 0
export const SYNC_DONE = 1

export type SyncAnswer = { ok: true; value: unknown } | { ok: false; error: HostErrorFields }

/** Writes the answer into the worker's buffer and wakes it. */
export function answerSync(buffer: SharedArrayBuffer, answer: SyncAnswer): void {
  const state = new Int32Array(buffer, 0, 2)
  let bytes = new TextEncoder().encode(JSON.stringify(answer))
  if (bytes.byteLength > buffer.byteLength - SYNC_HEADER_BYTES) {
    bytes = new TextEncoder().encode(
      JSON.stringify({
        ok: false,
        error: { domain: 'engine', kind: 'internal', code: 0, message: 'host answer larger than the call buffer' },
      } satisfies SyncAnswer),
    )
  }
  new Uint8Array(buffer, SYNC_HEADER_BYTES, bytes.byteLength).set(bytes)
  state[1] = bytes.byteLength
  Atomics.store(state, 0, SYNC_DONE)
  Atomics.notify(state, 0)
}
