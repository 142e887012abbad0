// The live SourceFactory: `eth_subscribe` over each chain's WebSocket, one newHeads stream per
// chain and one logs stream per module subscription. Notifications are queued in arrival order
// (anvil and real nodes push newHeads in order), so no block is skipped or reordered. A socket
// close or error ends the stream; there is no reconnect: the engine exits 3 and its process
// supervisor restarts it.
import { BaseError } from '../errors/base-error.js'
import { type ChainConfig, DEFAULT_LIMITS } from '../config/types.js'
import { redactUrl } from '../host/redact-url.js'
import type { ChainSubscription, SubscribeParams, SubscriptionHandlers } from '../transport/viem-rpc-transports.js'
import { describeError } from '../transport/viem-error-text.js'
import { isWebSocketUrl } from '../transport/viem-rpc-transports.js'
import { createEventQueue, type EventQueue, type LagReport } from './ws-event-queue.js'
import { logFilterParams, parseLogNotification, parseNewHead } from './ws-notifications.js'
import type { EventStream, SourceFactory, StreamItem } from './source.js'

/** What the sources need from a chain's transport (ViemChainTransport has it). */
export interface SubscribableChain {
  readonly url: string
  readonly isWebSocket: boolean
  subscribe(params: SubscribeParams, handlers: SubscriptionHandlers): Promise<ChainSubscription>
}

export interface SubscribableTransports {
  forChain(chainId: number): SubscribableChain | undefined
}

/** A stream could not be opened; the engine logs it (`block subscription failed`) and goes on. */
export class SubscriptionOpenError extends BaseError {
  override readonly name = 'SubscriptionOpenError'
}

export interface WsSourcesOptions {
  /** Blocks a stream holds for a lagging engine before coalescing to the newest (decision 0029). */
  blockQueueMax?: number | undefined
  /** Logs a stream holds for a lagging engine; past it the stream ends with an error item. */
  logQueueMax?: number | undefined
  /** Told about each stream's lag (logged and counted by the live world). */
  onLag?: ((stream: LaggingStream, report: LagReport) => void) | undefined
}

export interface LaggingStream {
  kind: 'blocks' | 'logs'
  chainId: number
  /** The log stream's module. */
  module?: string | undefined
}

export interface WsSources extends SourceFactory {
  /** Closes (unsubscribes) every stream still open. */
  close(): void
}

export function createWsSources(
  chains: ChainConfig[],
  transports: SubscribableTransports,
  options: WsSourcesOptions = {},
): WsSources {
  const configured = new Map(chains.map((c) => [c.chainId, c]))
  const open = new Set<EventStream<unknown>>()
  let closed = false

  const subscribable = (chainId: number, method: string): SubscribableChain => {
    const chain = configured.get(chainId)
    if (!chain) throw new SubscriptionOpenError(`unknown chain ${chainId} (no engine.toml entry)`)
    const failed = (detail: string) => new SubscriptionOpenError(`rpc \`eth_subscribe(${method})\` failed: ${detail}`)
    if (chain.rpcUrl === undefined) throw failed(`chain ${chainId} has no rpc_url`)
    if (!isWebSocketUrl(chain.rpcUrl)) throw failed(`${redactUrl(chain.rpcUrl)} is not a WebSocket URL`)
    const transport = transports.forChain(chainId)
    if (!transport?.isWebSocket) throw failed(`chain ${chainId} has no WebSocket transport`)
    return transport
  }

  async function openStream<T extends { blockNumber?: number | undefined } | { number: number }>(
    chainId: number,
    method: string,
    params: SubscribeParams,
    parse: (result: unknown) => T,
    module?: string,
  ): Promise<EventStream<T>> {
    const transport = subscribable(chainId, method)
    if (closed) throw new SubscriptionOpenError(`rpc \`eth_subscribe(${method})\` failed: sources are closed`)
    let subscription: ChainSubscription | undefined
    const blocks = method === 'newHeads'
    const lagging: LaggingStream = { kind: blocks ? 'blocks' : 'logs', chainId, module }
    const queue: EventQueue<T> = createEventQueue<T>(
      () => {
        subscription?.unsubscribe()
        open.delete(queue.stream)
      },
      {
        max: blocks
          ? (options.blockQueueMax ?? DEFAULT_LIMITS.blockQueueMax)
          : (options.logQueueMax ?? DEFAULT_LIMITS.logQueueMax),
        atBound: blocks ? 'coalesce' : 'end',
        blockOf: (v) => ('number' in v ? v.number : v.blockNumber),
        describe: blocks ? `block stream on chain ${chainId}` : `log stream of module ${module} on chain ${chainId}`,
        onLag: options.onLag && ((report) => options.onLag?.(lagging, report)),
      },
    )
    try {
      subscription = await transport.subscribe(params, {
        onData: (result) => queue.push(toItem(parse, result)),
        onError: () => queue.end(),
      })
    } catch (error) {
      throw new SubscriptionOpenError(`rpc \`eth_subscribe(${method})\` failed: ${describeError(error)}`)
    }
    if (closed) {
      queue.stream.close()
    } else {
      open.add(queue.stream)
    }
    return queue.stream
  }

  return {
    openBlocks: (chainId) => openStream(chainId, 'newHeads', ['newHeads'], parseNewHead),
    openLogs: (chainId, filter, module) =>
      openStream(chainId, 'logs', ['logs', logFilterParams(filter)], parseLogNotification, module),
    close() {
      closed = true
      for (const stream of [...open]) stream.close()
    },
  }
}

function toItem<T>(parse: (result: unknown) => T, result: unknown): StreamItem<T> {
  try {
    return { ok: true, value: parse(result) }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
  }
}
