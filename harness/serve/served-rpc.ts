// The JSON-RPC a served world answers, one chain at a time: the methods polling and subscribing
// engines need, answered by the world's own node (the fixture world's fake node, or Anvil through
// the proxy). Anything else is refused with -32601 naming what is served, so a foreign engine's
// unexpected call shows up in its own logs and in the report instead of as a silent null.
import { numberToHex } from 'viem'
import type { RawLog } from '../../engine/sources/source.js'
import { RpcError } from '../../engine/transport/rpc-transport.js'
import type { World } from '../run/world.js'
import type { ClientActivity } from './client-activity.js'
import { INVALID_PARAMS, METHOD_NOT_FOUND } from './json-rpc-wire.js'
import { LogFilterError, logMatches, parseLogFilter } from './log-filter.js'

/** Answered over HTTP and WebSocket. */
export const SERVED_METHODS = [
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getLogs',
  'net_version',
] as const
/** Answered over WebSocket only (a subscription needs a socket to push on). */
export const SUBSCRIPTION_METHODS = ['eth_subscribe', 'eth_unsubscribe'] as const

const SERVED = new Set<string>(SERVED_METHODS)

/** The logs a fixture world emitted, for `eth_getLogs` (its fake node keeps none). */
export class LogBook {
  readonly #logs: { chainId: number; log: RawLog }[] = []

  add(chainId: number, log: RawLog): void {
    this.#logs.push({ chainId, log: { ...log, topics: [...log.topics] } })
  }

  query(chainId: number, filter: unknown, head: number): RawLog[] {
    const query = parseLogFilter(filter, head)
    return this.#logs.filter((l) => l.chainId === chainId && logMatches(query, l.log)).map((l) => l.log)
  }
}

export class ServedRpc {
  constructor(
    private readonly world: World,
    private readonly activity: ClientActivity,
    /** Fixture mode: the world's logs; Anvil mode: undefined (the node answers eth_getLogs itself). */
    private readonly logBook: LogBook | undefined,
  ) {}

  chainIds(): number[] {
    return this.world.chainIds()
  }

  /** The `result` of one call, or an RpcError to send back. */
  async call(chainId: number, method: string, params: unknown[], socket: boolean): Promise<unknown> {
    if (!SERVED.has(method)) {
      this.activity.refused(method)
      const also = socket ? '' : ' (eth_subscribe needs the WebSocket URL)'
      throw new RpcError(
        METHOD_NOT_FOUND,
        `the method ${method} does not exist/is not available: a served world answers ${SERVED_METHODS.join(', ')}${socket ? ', eth_subscribe, eth_unsubscribe' : also}`,
      )
    }
    this.activity.rpc(method)
    const node = this.world.seams.rpc.forChain(chainId)
    if (node === undefined) throw new RpcError(METHOD_NOT_FOUND, `no chain ${chainId} in this world`)
    if (method === 'net_version') return String(chainId)
    if (method === 'eth_getLogs' && this.logBook) return this.#getLogs(chainId, params)
    const result = await node.request(method, params)
    this.#noteHead(chainId, method, result)
    return result
  }

  #getLogs(chainId: number, params: unknown[]): unknown {
    try {
      return this.logBook!.query(chainId, params[0], this.world.head(chainId).number).map(rpcLog)
    } catch (error) {
      if (error instanceof LogFilterError) throw new RpcError(INVALID_PARAMS, `invalid argument 0: ${error.message}`)
      throw error
    }
  }

  #noteHead(chainId: number, method: string, result: unknown): void {
    if (method === 'eth_blockNumber' && typeof result === 'string') this.activity.sawHead(chainId, Number(result))
    if ((method === 'eth_getBlockByNumber' || method === 'eth_getBlockByHash') && isBlock(result))
      this.activity.sawHead(chainId, Number(result.number))
  }
}

/** A log as nodes send it (eth_getLogs and `logs` notifications). */
export function rpcLog(log: RawLog): Record<string, unknown> {
  return {
    address: log.address,
    topics: log.topics,
    data: log.data,
    blockNumber: log.blockNumber === undefined ? null : numberToHex(log.blockNumber),
    transactionHash: log.transactionHash ?? null,
    logIndex: numberToHex(log.logIndex ?? 0),
    removed: log.removed ?? false,
  }
}

function isBlock(value: unknown): value is { number: string } {
  return typeof value === 'object' && value !== null && typeof (value as { number?: unknown }).number === 'string'
}
