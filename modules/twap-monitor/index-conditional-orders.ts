// The log path: every `ConditionalOrderCreated` becomes a watch (docs/design.md §8.6, `on_logs`).
// Re-indexing the same order overwrites the same key with the same value, so a redelivered log is
// harmless. Logs that are not the event, or do not decode, are ignored silently, as in the Rust engine.
import type { Log, ModuleHost } from '../sdk/index.js'
import {
  conditionalOrderId,
  decodeConditionalOrderCreated,
  encodeConditionalOrderParams,
  hexToBytes,
} from '../sdk/index.js'
import { watchKey } from './watch-keys.js'

export async function indexConditionalOrders(host: ModuleHost, logs: readonly Log[]): Promise<void> {
  for (const log of logs) {
    const created = decodeConditionalOrderCreated(log)
    if (created === undefined) continue
    const key = watchKey({ owner: created.owner, paramsHash: conditionalOrderId(created.params) })
    const value = hexToBytes(encodeConditionalOrderParams(created.params)) as Uint8Array
    await host.localStore.set(key, value)
    host.logging.log('info', `indexed ${key}`)
  }
}
