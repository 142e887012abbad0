// `chain`: raw JSON-RPC to a configured chain's node, under the engine's RPC deadline. Node errors
// keep their code and `data` (the evolved COW-1082 behaviour) so revert data reaches modules.
import type { Clock } from '../clock/clock.js'
import { DeadlineExceeded, withDeadline } from '../clock/deadline.js'
import type { EngineLimits } from '../config/types.js'
import type { ChainHost } from '../module-api/host.js'
import { HostError } from '../module-api/host-error.js'
import { RpcError, type RpcRequestOptions, type RpcTransport, type RpcTransports } from '../transport/rpc-transport.js'
import { asHostError, errorMessage, moduleDeadError } from './host-call-errors.js'
import { ParamsMemo } from './params-memo.js'
import { resultText } from './result-text.js'

const DOMAIN = 'chain'
const INVALID_PARAMS = -32602
const INTERNAL_ERROR = -32603

export interface ChainHostDeps {
  rpc: RpcTransports
  clock: Clock
  limits: Pick<EngineLimits, 'rpcTimeoutMs'>
  /** The module this host belongs to, passed to the transport with each request. */
  moduleName?: string
  /** Checked between batch entries: a revoked module's batch stops where it is. */
  isRevoked?: () => boolean
}

type BatchEntry = Awaited<ReturnType<ChainHost['requestBatch']>>[number]

export function createChainHost(deps: ChainHostDeps): ChainHost {
  const paramsMemo = new ParamsMemo()
  /**
   * Written with `then`, not as an async function (decision 0240): the same microtask turns as
   * `await callNode(…)` in an async function (the text is written one turn after the node's
   * answer is taken, and a failure found before the call rejects the returned promise), with no
   * async frame per call.
   */
  const request = (chainId: number, method: string, params: string): Promise<string> => {
    let answer: Promise<unknown>
    try {
      const transport = deps.rpc.forChain(chainId)
      if (!transport) {
        throw new HostError({
          domain: DOMAIN,
          kind: 'unsupported',
          code: 0,
          message: `chain ${chainId} has no engine.toml RPC entry`,
        })
      }
      answer = callNode(transport, method, paramsMemo.get(params, parseParams), deps)
    } catch (error) {
      return Promise.reject(error)
    }
    return answer.then(resultText)
  }

  const requestBatch = async (
    chainId: number,
    requests: { method: string; params: string }[],
  ): Promise<BatchEntry[]> => {
    const results: BatchEntry[] = []
    for (const { method, params } of requests) {
      if (deps.isRevoked?.()) throw moduleDeadError()
      try {
        results.push({ ok: true, value: await request(chainId, method, params) })
      } catch (error) {
        results.push({ ok: false, error: asHostError(error, DOMAIN) })
      }
    }
    return results
  }

  return { request, requestBatch }
}

/** The params text must be a JSON array, forwarded as is (frozen, when it comes from the memo). */
export function parseParams(params: string): unknown[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(params)
  } catch (error) {
    throw new HostError({
      domain: DOMAIN,
      kind: 'invalid-input',
      code: INVALID_PARAMS,
      message: `invalid params JSON: ${errorMessage(error)}`,
    })
  }
  if (!Array.isArray(parsed)) {
    throw new HostError({
      domain: DOMAIN,
      kind: 'invalid-input',
      code: INVALID_PARAMS,
      message: 'params must be a JSON array',
    })
  }
  return parsed
}

/**
 * The node's answer under the RPC deadline; a failure becomes the module's HostError. The same
 * turns as an async function awaiting the race: settled one turn after the race, or rejected at
 * once when the transport throws before it answers.
 */
function callNode(transport: RpcTransport, method: string, params: unknown[], deps: ChainHostDeps): Promise<unknown> {
  const options = new LazySignalOptions(deps.moduleName || undefined)
  let raced: Promise<unknown>
  try {
    raced = withDeadline(
      deps.clock,
      deps.limits.rpcTimeoutMs,
      `rpc ${method}`,
      transport.request(method, params, options),
    )
  } catch (error) {
    return Promise.reject(options.failure(error))
  }
  return raced.then(undefined, options.fail)
}

/** Maps what the transport or the deadline threw onto the host error a module sees. */
export function rpcFailureToHostError(error: unknown): HostError {
  if (error instanceof DeadlineExceeded) {
    return new HostError({ domain: DOMAIN, kind: 'timeout', code: 0, message: error.message })
  }
  if (isRpcError(error)) {
    return new HostError({
      domain: DOMAIN,
      kind: 'internal',
      code: Number.isInteger(error.code) ? error.code : INTERNAL_ERROR,
      message: error.message,
      data: dataText(error.data),
    })
  }
  return new HostError({ domain: DOMAIN, kind: 'unavailable', code: 0, message: errorMessage(error) })
}

/** instanceof, or the same shape from another copy of rpc-transport.ts. */
function isRpcError(error: unknown): error is RpcError {
  if (error instanceof RpcError) return true
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null
  return (
    typeof e === 'object' &&
    e !== null &&
    e.name === 'RpcError' &&
    typeof e.code === 'number' &&
    typeof e.message === 'string'
  )
}

/** The node's `data` as a module can read it: strings verbatim, anything else as JSON text. */
function dataText(data: unknown): string | undefined {
  if (data === undefined || data === null) return undefined
  if (typeof data === 'string') return data
  try {
    return JSON.stringify(data)
  } catch {
    return String(data)
  }
}

/**
 * A request's options whose `signal` is made only if the transport reads it (one that does real
 * I/O): most calls are answered without one, and an AbortController per call was a tenth of a
 * simulated block. A class, not an object literal with a getter: a literal's own accessor gave
 * every call a hidden class of its own, allocated in the old generation (decision 0212).
 */
class LazySignalOptions implements RpcRequestOptions {
  readonly caller: string | undefined
  #abort: AbortController | undefined
  #expired: DeadlineExceeded | undefined

  constructor(caller: string | undefined) {
    this.caller = caller
  }

  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#abort = new AbortController()
      if (this.#expired) this.#abort.abort(this.#expired)
    }
    return this.#abort.signal
  }

  /** The deadline passed: a signal already handed out aborts, one made later starts aborted. */
  expire(error: DeadlineExceeded): void {
    this.#expired = error
    this.#abort?.abort(error)
  }

  /** What the request failed with, as the module's HostError; a passed deadline expires the signal first. */
  failure(error: unknown): HostError {
    if (error instanceof DeadlineExceeded) this.expire(error)
    return rpcFailureToHostError(error)
  }

  /** `failure`, thrown: the race's rejection handler. */
  readonly fail = (error: unknown): never => {
    throw this.failure(error)
  }
}
