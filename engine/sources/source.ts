// Event sources: what the event loop consumes. The live engine opens them over WebSocket
// `eth_subscribe`; the harness scripts them. The loop cannot tell the difference.
import type { Hex } from '../module-api/events.js'

export interface BlockHeader {
  number: number
  hash: Hex
  /** Seconds since the epoch, as in the header. The engine turns it into milliseconds. */
  timestamp: number
}

/** A log as a node sends it; the engine projects it onto the module ABI's `Log`. */
export interface RawLog {
  address: Hex
  topics: Hex[]
  data: Hex
  blockNumber?: number | undefined
  transactionHash?: Hex | undefined
  logIndex?: number | undefined
  /** Reorg-removed. Dropped by the projection, as in the Rust engine: such a log arrives as a normal log. */
  removed?: boolean | undefined
}

/** One item of a stream: a value, or an error item (logged and skipped by the loop). */
export type StreamItem<T> = { ok: true; value: T } | { ok: false; error: Error }

/** A subscription. Iteration ending = the stream ended (a WebSocket closed). */
export interface EventStream<T> extends AsyncIterable<StreamItem<T>> {
  /** Unsubscribes; the iteration ends. Idempotent. */
  close(): void
}

export interface LogFilter {
  address?: Hex | undefined
  /** topic 0, the event signature hash. */
  topic0?: Hex | undefined
}

export interface SourceFactory {
  /** One newHeads stream for a chain. Rejecting = `block subscription failed` (not fatal). */
  openBlocks(chainId: number): Promise<EventStream<BlockHeader>>
  /** One logs stream for one module's subscription. Rejecting = `log subscription failed`. */
  openLogs(chainId: number, filter: LogFilter, module: string): Promise<EventStream<RawLog>>
}
