// The node of one simulated chain, answering the engine's JSON-RPC in fixture mode. Order of
// answers: the scenario's canned `rpc` rules, then the declared state (head, balances, contracts),
// then the fallback (a cassette), then the defaults a real node gives for what nobody declared
// (balance 0, an EOA's empty call result). A request none of these can answer is recorded as a
// WorldFailure — the run fails, naming it — and rejected as "method not found".
import { decodeFunctionData, isAddress, isHex, numberToHex } from 'viem'
import type { Clock } from '../../engine/clock/clock.js'
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { RpcError, type RpcTransport, type RpcTransports } from '../../engine/transport/rpc-transport.js'
import type { ChainStateDecl, ContractDecl, RpcRule } from '../scenario/types.js'
import { EIP1271_ABI, EIP1271_MAGIC_VALUE } from '../orderbook/eip1271.js'
import { BlockHistory, type BlockStepFields } from './block-history.js'
import type { CallOutcome } from './contracts/call-outcome.js'
import { DeclaredContract } from './contracts/declared-contract.js'
import { renderParams } from './rpc-params.js'
import { RpcRuleBook } from './rpc-rule-book.js'
import { syntheticBlock } from './synthetic-block.js'
import { WorldFailureCollector } from './world-failure.js'

/** What a fallback (e.g. a cassette) found for a request; throw an RpcError to answer with one. */
export type RpcFallback = (method: string, params: unknown[]) => { result: unknown } | undefined

export interface FakeNodeOptions {
  chainId: number
  state: ChainStateDecl
  /** Delayed answers sleep on it (virtual in the harness). */
  clock: Clock
  /** The scenario seed: derived block hashes depend on it. */
  seed: number | bigint
  /** Shared with the rest of the world; default: the node's own. */
  failures?: WorldFailureCollector | undefined
  /** Asked after the declared state, before the defaults. */
  fallback?: RpcFallback | undefined
}

/** A `set` step's changes to this chain. */
export interface ChainStateChange {
  balances?: Map<Hex, bigint> | undefined
  contracts?: Map<Hex, ContractDecl> | undefined
  rpc?: RpcRule[] | undefined
}

/** A request that will never be answered (`delay: never`), for `engine stuck` reports. */
export interface PendingRequest {
  chainId: number
  method: string
  label: string
}

/** JSON-RPC error codes a node uses. */
const INVALID_PARAMS = -32602
const METHOD_NOT_FOUND = -32601
/** geth/anvil: a revert, with the revert data in `data`. */
const EXECUTION_REVERTED = 3

type Answer = { result: unknown } | { noAnswer: string }

export class FakeNode implements RpcTransport {
  readonly chainId: number
  readonly failures: WorldFailureCollector
  /** Requests parked forever by a `delay: never` rule. */
  readonly pending = new Set<PendingRequest>()

  readonly #clock: Clock
  readonly #fallback: RpcFallback | undefined
  readonly #blocks: BlockHistory
  readonly #balances: Map<Hex, bigint>
  readonly #contracts = new Map<Hex, DeclaredContract>()
  #rules: RpcRuleBook

  constructor(options: FakeNodeOptions) {
    this.chainId = options.chainId
    this.failures = options.failures ?? new WorldFailureCollector()
    this.#clock = options.clock
    this.#fallback = options.fallback
    this.#blocks = new BlockHistory(options.seed, options.chainId, options.state.head)
    this.#balances = lowercaseKeys(options.state.balances)
    for (const [address, decl] of options.state.contracts)
      this.#contracts.set(lower(address), new DeclaredContract(decl))
    this.#rules = new RpcRuleBook(options.state.rpc)
  }

  // --- the runner's side -------------------------------------------------------------------

  head(): BlockHeader {
    return this.#blocks.head()
  }

  /** The header a `block` step emits (scenario-format defaults); does not move the head. */
  nextHeader(fields?: BlockStepFields): BlockHeader {
    return this.#blocks.nextHeader(fields)
  }

  /** A block already emitted (or extrapolated below the head); undefined above the head. */
  headerAt(number: number): BlockHeader | undefined {
    return this.#blocks.headerAt(number)
  }

  /** The runner emitted this block: it is the head from now on. */
  setHead(header: BlockHeader): void {
    this.#blocks.setHead(header)
  }

  /**
   * A `set` step. Maps merge entry by entry over the state (a contract declaration is replaced
   * whole, its poll counters restart); the `rpc` list replaces the rules (see decision 0060).
   */
  applySet(change: ChainStateChange): void {
    for (const [address, amount] of change.balances ?? []) this.#balances.set(lower(address), amount)
    for (const [address, decl] of change.contracts ?? [])
      this.#contracts.set(lower(address), new DeclaredContract(decl))
    if (change.rpc !== undefined) this.#rules = new RpcRuleBook(change.rpc)
  }

  pendingLabels(): string[] {
    return [...this.pending].map((p) => p.label)
  }

  /**
   * `eth_call` as another client of this chain sees it (the orderbook's own node): the declared
   * state and the cassette only. The scenario's `rpc` rules script the engine's provider, so
   * they do not apply, and a missing answer is not a world failure.
   */
  observeCall(to: Hex, data: Hex): CallOutcome | { kind: 'unmodelled' } {
    if (this.#unmodelledSignatureCheck(lower(to), data)) return { kind: 'unmodelled' }
    const answer = this.#callWorld(to, data, [{ to, data }, 'latest'])
    if ('result' in answer) return { kind: 'return', data: answer.result as Hex }
    if ('revert' in answer) return { kind: 'revert', data: answer.revert }
    return { kind: 'no-answer', reason: answer.noAnswer }
  }

  // --- the engine's side -------------------------------------------------------------------

  async request(method: string, params: unknown[], options?: { signal?: AbortSignal }): Promise<unknown> {
    const rule = this.#rules.take(method, params)
    if (rule !== undefined) return this.#answerWithRule(rule, method, params, options?.signal)
    return this.#answerFromWorld(method, params)
  }

  async #answerWithRule(
    rule: RpcRule,
    method: string,
    params: unknown[],
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    if (rule.delay === 'never') await this.#park(method, params, signal)
    else if (rule.delay !== undefined && rule.delay > 0)
      await this.#clock.sleep(rule.delay, { signal, label: `rpc ${method} delay` })
    if (rule.error !== undefined) throw nodeError(rule.error.code, rule.error.message, rule.error.data)
    if (rule.result !== undefined) return structuredClone(rule.result)
    // A rule with only a delay slows the world's own answer down.
    return this.#answerFromWorld(method, params)
  }

  /** Never settles, unless the caller aborts. */
  #park(method: string, params: unknown[], signal: AbortSignal | undefined): Promise<never> {
    const entry: PendingRequest = {
      chainId: this.chainId,
      method,
      label: `rpc ${method} ${renderParams(params)} (delay: never)`,
    }
    return new Promise<never>((_resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      this.pending.add(entry)
      signal?.addEventListener(
        'abort',
        () => {
          this.pending.delete(entry)
          reject(signal.reason)
        },
        { once: true },
      )
    })
  }

  #answerFromWorld(method: string, params: unknown[]): unknown {
    const answer = this.#answer(method, params)
    if ('result' in answer) return answer.result
    this.failures.record({
      source: 'rpc',
      chainId: this.chainId,
      atMs: this.#clock.now(),
      message: `no answer for ${method} ${renderParams(params)} on chain ${this.chainId}${answer.noAnswer ? `: ${answer.noAnswer}` : ''}`,
    })
    throw nodeError(METHOD_NOT_FOUND, `the simulated world cannot answer ${method}`)
  }

  #answer(method: string, params: unknown[]): Answer {
    switch (method) {
      case 'eth_chainId':
        return { result: numberToHex(this.chainId) }
      case 'eth_blockNumber':
        return { result: numberToHex(this.#blocks.head().number) }
      case 'eth_getBalance':
        return this.#getBalance(params)
      case 'eth_getBlockByNumber':
        return this.#getBlockByNumber(params)
      case 'eth_getBlockByHash':
        return this.#getBlockByHash(params)
      case 'eth_call':
        return this.#call(params)
      default:
        return this.#fromFallback(method, params) ?? { noAnswer: '' }
    }
  }

  #getBalance(params: unknown[]): Answer {
    const address = addressParam(params, 0)
    const declared = this.#balances.get(address)
    if (declared !== undefined) return { result: numberToHex(declared) }
    // An address nobody declared holds nothing, as on a fresh chain.
    return this.#fromFallback('eth_getBalance', params) ?? { result: '0x0' }
  }

  #getBlockByNumber(params: unknown[]): Answer {
    const tag = params[0]
    let number: number
    if (tag === 'latest' || tag === 'pending' || tag === 'safe' || tag === 'finalized' || tag === undefined)
      number = this.#blocks.head().number
    else if (tag === 'earliest') number = 0
    else if (typeof tag === 'string' && isHex(tag) && tag.length > 2) number = Number(BigInt(tag))
    else throw nodeError(INVALID_PARAMS, `invalid argument 0: block number or tag expected, got ${renderParams(tag)}`)
    const header = this.#blocks.headerAt(number)
    return { result: header ? syntheticBlock(header, this.#blocks.parentHashOf(header.number)) : null }
  }

  #getBlockByHash(params: unknown[]): Answer {
    const hash = params[0]
    if (typeof hash !== 'string' || !isHex(hash) || hash.length !== 66) {
      throw nodeError(INVALID_PARAMS, `invalid argument 0: 32-byte hash expected, got ${renderParams(hash)}`)
    }
    const header = this.#blocks.headerByHash(hash)
    return { result: header ? syntheticBlock(header, this.#blocks.parentHashOf(header.number)) : null }
  }

  #call(params: unknown[]): Answer {
    const tx = params[0]
    if (tx === null || typeof tx !== 'object')
      throw nodeError(INVALID_PARAMS, 'invalid argument 0: call object expected')
    const { to, data, input } = tx as { to?: unknown; data?: unknown; input?: unknown }
    if (typeof to !== 'string' || !isAddress(to, { strict: false }))
      return { noAnswer: 'eth_call without a `to` address' }
    const calldata = data ?? input ?? '0x'
    if (typeof calldata !== 'string' || !isHex(calldata))
      throw nodeError(INVALID_PARAMS, 'invalid argument 0: call data must be hex')
    const answer = this.#callWorld(lower(to), calldata, params)
    if ('revert' in answer) throw nodeError(EXECUTION_REVERTED, 'execution reverted', answer.revert)
    return answer
  }

  #callWorld(to: Hex, calldata: Hex, params: unknown[]): Answer | { revert: Hex } {
    const contract = this.#contracts.get(lower(to))
    if (contract === undefined) {
      if (this.#safeAuthorises(lower(to), calldata)) return { result: `${EIP1271_MAGIC_VALUE}${'0'.repeat(56)}` }
      // No declared contract: maybe the cassette saw it; else an EOA answers empty.
      return this.#fromFallback('eth_call', params) ?? { result: '0x' }
    }
    const outcome = contract.call(calldata, { headTimestamp: this.#blocks.head().timestamp })
    switch (outcome.kind) {
      case 'return':
        return { result: outcome.data }
      case 'revert':
        return { revert: outcome.data }
      case 'no-answer':
        return { noAnswer: `${outcome.reason} (declared at ${lower(to)})` }
    }
  }

  /**
   * An EIP-1271 question about an owner the world models in no way: no contract declared there,
   * no ComposableCoW declared on the chain to stand behind a Safe, nothing recorded.
   */
  #unmodelledSignatureCheck(owner: Hex, calldata: Hex): boolean {
    if (!calldata.toLowerCase().startsWith(EIP1271_MAGIC_VALUE) || this.#contracts.has(owner)) return false
    for (const contract of this.#contracts.values()) if (contract.decl.kind === 'composable-cow') return false
    return this.#fromFallback('eth_call', [{ to: owner, data: calldata }, 'latest']) === undefined
  }

  /**
   * An undeclared owner of ComposableCoW orders is a Safe whose fallback handler forwards
   * `isValidSignature` to ComposableCoW: it accepts exactly the orders and signatures a declared
   * composable-cow hands out for it (decision 0076).
   */
  #safeAuthorises(owner: Hex, calldata: Hex): boolean {
    if (!calldata.toLowerCase().startsWith(EIP1271_MAGIC_VALUE)) return false
    let args: readonly [Hex, Hex]
    try {
      args = decodeFunctionData({ abi: EIP1271_ABI, data: calldata }).args
    } catch {
      return false
    }
    const [hash, signature] = args
    for (const contract of this.#contracts.values()) {
      if (contract.authorisesSafeSignature(owner, hash, signature, this.chainId)) return true
    }
    return false
  }

  #fromFallback(method: string, params: unknown[]): Answer | undefined {
    return this.#fallback?.(method, params)
  }
}

/** The world's transports: one fake node per declared chain; other chains have no RPC entry. */
export function createFakeRpcTransports(nodes: Map<number, FakeNode>): RpcTransports {
  return { forChain: (chainId) => nodes.get(chainId) }
}

function addressParam(params: unknown[], index: number): Hex {
  const value = params[index]
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
    throw nodeError(INVALID_PARAMS, `invalid argument ${index}: address expected, got ${renderParams(value)}`)
  }
  return lower(value)
}

function lower(address: string): Hex {
  return address.toLowerCase() as Hex
}

function lowercaseKeys<V>(map: Map<Hex, V>): Map<Hex, V> {
  const out = new Map<Hex, V>()
  for (const [key, value] of map) out.set(lower(key), value)
  return out
}

/**
 * The node's error answer, as a real node's JSON-RPC error object: it carries no JavaScript
 * stack (the node is not this process). Capturing one for every revert and injected fault was
 * ~2 % of a generated fuzz case's CPU.
 */
function nodeError(code: number, message: string, data?: unknown): RpcError {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return new RpcError(code, message, data)
  } finally {
    Error.stackTraceLimit = limit
  }
}
