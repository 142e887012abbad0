// The live engine's JSON-RPC: one viem transport per configured chain (webSocket for ws(s)://,
// http otherwise), used bare through `transport.request`, without a viem client. viem's retries
// are off: the engine owns deadlines and retry policy. The webSocket transport never reconnects:
// a dropped socket must end the subscriptions so the engine exits for a supervisor restart
// (docs/design.md), instead of resuming silently after a gap as alloy did in the Rust engine's soak
// (docs/design.md §10.4).
import { BaseError } from '../errors/base-error.js'
import { RpcRequestError, BaseError as ViemBaseError, http } from 'viem'
import { type CappedWebSocketTransport, cappedWebSocket } from './capped-web-socket.js'
import type { ChainConfig } from '../config/types.js'
import { RpcError, type RpcTransport, type RpcTransports } from './rpc-transport.js'
import { redactUrls } from '../host/redact-url.js'
import { describeError } from './viem-error-text.js'

/** A transport failure (connection refused, socket closed, viem's own timeout): not a node answer. */
export class RpcTransportFailure extends BaseError {
  override readonly name = 'RpcTransportFailure'
}

/** A ws(s):// chain could not be dialled at boot: the Rust engine's fatal `connect chain <id>: <detail>`. */
export class ConnectChainError extends BaseError {
  override readonly name = 'ConnectChainError'
  constructor(
    readonly chainId: number,
    readonly detail: string,
  ) {
    super(`connect chain ${chainId}: ${detail}`)
  }
}

export type SubscribeParams = ['newHeads'] | ['logs', { address?: `0x${string}`; topics?: `0x${string}`[] }]

export interface SubscriptionHandlers {
  /** One `eth_subscription` notification's `result`, in arrival order. */
  onData(result: unknown): void
  /** The socket closed or failed: no more data will come. */
  onError(error: Error): void
}

export interface ChainSubscription {
  /** Sends `eth_unsubscribe`; does not wait for the answer. */
  unsubscribe(): void
}

export interface ViemChainTransport extends RpcTransport {
  readonly chainId: number
  readonly url: string
  readonly isWebSocket: boolean
  /** `eth_subscribe` over the chain's socket. Rejects for a non-WebSocket chain. */
  subscribe(params: SubscribeParams, handlers: SubscriptionHandlers): Promise<ChainSubscription>
  /** Dials a WebSocket chain (no-op over http); rejects with ConnectChainError. */
  connect(): Promise<void>
  close(): Promise<void>
}

export interface ViemRpcTransports extends RpcTransports {
  forChain(chainId: number): ViemChainTransport | undefined
  /** Dials every WebSocket chain, ascending chain id; the first failure rejects. */
  connect(): Promise<void>
  close(): Promise<void>
}

export interface ViemRpcTransportsOptions {
  /**
   * viem's own per-request timeout, a backstop behind the engine's deadline (which should fire
   * first, so pass more than `limits.rpcTimeoutMs`). 0 = none. Default 60 s.
   */
  timeoutMs?: number
  /** The largest message read from a node's WebSocket; default MAX_RPC_MESSAGE_BYTES (16 MiB). */
  maxMessageBytes?: number
}

export function isWebSocketUrl(url: string): boolean {
  return /^wss?:\/\//i.test(url)
}

export function createViemRpcTransports(
  chains: ChainConfig[],
  options: ViemRpcTransportsOptions = {},
): ViemRpcTransports {
  const timeout = options.timeoutMs ?? 60_000
  const byChain = new Map<number, ViemChainTransport>()
  for (const chain of [...chains].sort((a, b) => a.chainId - b.chainId)) {
    if (chain.rpcUrl === undefined) continue
    byChain.set(chain.chainId, createChainTransport(chain.chainId, chain.rpcUrl, timeout, options.maxMessageBytes))
  }
  return {
    forChain: (chainId) => byChain.get(chainId),
    async connect() {
      for (const transport of byChain.values()) await transport.connect()
    },
    async close() {
      await Promise.all([...byChain.values()].map((t) => t.close()))
    },
  }
}

/**
 * A viem failure as the engine sees it: the node's JSON-RPC error object (found anywhere in
 * viem's error chain) becomes an RpcError with the node's code, message and data; anything
 * else is a transport failure.
 */
export function toRpcFailure(error: unknown): Error {
  if (error instanceof ViemBaseError) {
    const nodeError = error.walk((e) => e instanceof RpcRequestError)
    if (nodeError instanceof RpcRequestError) {
      const message =
        typeof nodeError.details === 'string' && nodeError.details !== '' ? nodeError.details : nodeError.shortMessage
      return new RpcError(nodeError.code, message, nodeError.data)
    }
    const short = error.shortMessage.replace(/\.$/, '')
    return new RpcTransportFailure(redactUrls(error.details ? `${short}: ${error.details}` : short), { cause: error })
  }
  if (isJsonRpcErrorObject(error)) return new RpcError(error.code, error.message, error.data)
  return new RpcTransportFailure(describeError(error), { cause: error })
}

/** A bare JSON-RPC error object, as viem's subscribe rejects with when the node refuses. */
function isJsonRpcErrorObject(value: unknown): value is { code: number; message: string; data?: unknown } {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'number' && typeof v.message === 'string'
}

type ViemTransportInstance = CappedWebSocketTransport | ReturnType<ReturnType<typeof http>>
interface ViemRpcClient {
  close(): void
}

function createChainTransport(
  chainId: number,
  url: string,
  timeout: number,
  maxMessageBytes: number | undefined,
): ViemChainTransport {
  const isWs = isWebSocketUrl(url)
  const instance: ViemTransportInstance = isWs
    ? cappedWebSocket(url, { reconnect: noReconnect(), timeout, maxMessageBytes })
    : http(url, { retryCount: 0, timeout })({ retryCount: 0 })
  // The socket client viem dialled (it caches one per URL); kept so close() can release it
  // (its keep-alive timer would hold the process open) without dialling a fresh one.
  let socketClient: ViemRpcClient | undefined
  let closed = false

  const assertOpen = () => {
    if (closed) throw new RpcTransportFailure(`chain ${chainId} transport is closed`)
  }
  const getSocketClient = async (): Promise<ViemRpcClient> => {
    assertOpen()
    const value = (instance as CappedWebSocketTransport).value
    if (!value) throw new RpcTransportFailure(`chain ${chainId} is not a WebSocket chain`)
    const client = await value.getRpcClient()
    if (closed) client.close()
    else socketClient = client
    return client
  }

  return {
    chainId,
    url,
    isWebSocket: isWs,
    async request(method, params, options) {
      const signal = options?.signal
      assertOpen()
      if (isWs) await getSocketClient().catch(() => undefined) // failures surface from request below
      const work = (instance.request as (args: unknown, options?: unknown) => Promise<unknown>)(
        { method, params },
        { retryCount: 0, signal },
      )
      try {
        return await raceAbort(work, signal)
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        throw toRpcFailure(error)
      }
    },
    async subscribe(params, handlers) {
      if (!isWs) throw new RpcTransportFailure(`chain ${chainId} is not a WebSocket chain`)
      await getSocketClient().catch((error: unknown) => {
        throw toRpcFailure(error)
      })
      const value = (instance as CappedWebSocketTransport).value!
      let ended = false
      const onError = (error: unknown) => {
        if (ended) return
        ended = true
        handlers.onError(new RpcTransportFailure(describeError(error)))
      }
      let subscription: Awaited<ReturnType<typeof value.subscribe>>
      try {
        subscription = await value.subscribe({
          params: params as ['newHeads'],
          onData: (data) => {
            if (!ended) handlers.onData((data as { result?: unknown }).result)
          },
          onError,
        })
      } catch (error) {
        ended = true
        throw toRpcFailure(error)
      }
      return {
        unsubscribe() {
          ended = true
          // The answer is not awaited: over a dead socket it never comes.
          void subscription.unsubscribe().catch(() => undefined)
        },
      }
    },
    async connect() {
      if (!isWs) return
      try {
        await getSocketClient()
      } catch (error) {
        throw new ConnectChainError(chainId, describeError(error))
      }
    },
    async close() {
      closed = true
      socketClient?.close()
      socketClient = undefined
    },
  }
}

/**
 * viem caches one socket per (url, options) for the whole process. A distinct `delay` makes the
 * cache key ours alone, so two engines in one process (tests, the harness) never share, or close,
 * each other's socket. `attempts: 0` = never reconnect.
 */
let socketGeneration = 0
function noReconnect(): { attempts: number; delay: number } {
  return { attempts: 0, delay: ++socketGeneration }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
