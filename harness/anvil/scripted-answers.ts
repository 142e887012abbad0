// What the proxy does with each engine request on an Anvil chain, in the fixture node's order
// (decision 0061): the fault plan's canned `rpc` rules first (answer, error, delay in virtual
// time, or no answer at all), then the node. A ComposableCoW poll is prepared on the way: the
// next matching poll rule's answer is written to the contract's storage, so the real bytecode
// returns or reverts with it.
import { decodeFunctionData, type Hex } from 'viem'
import type { RpcRule } from '../scenario/types.js'
import { composableCowAbi } from '../world/contracts/abis.js'
import type { ComposableCowPolls } from '../world/contracts/composable-cow.js'
import { renderParams } from '../world/rpc-params.js'
import { RpcRuleBook } from '../world/rpc-rule-book.js'
import type { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { composableCowAnswerWrites } from './contracts/contract-storage.js'
import type { ContractPlanter } from './contracts/plant-contracts.js'
import type { Interception } from './proxy/rpc-proxy.js'

export interface ScriptedAnswersOptions {
  chainId: number
  clock: VirtualClock
  planter: ContractPlanter
  rules: readonly RpcRule[]
  /** A request nothing could answer: fails the run, naming it. */
  fail(message: string): void
}

export class ScriptedAnswers {
  #rules: RpcRuleBook
  readonly #polls = new Map<Hex, ComposableCowPolls>()
  /** Requests parked on a virtual timer or for ever: not real I/O, so quiescence may move time. */
  #parked = 0
  /** The parked-for-ever ones, by request, until the engine gives up on them. */
  readonly #parkedForever = new Map<string, number>()
  readonly #never = new Set<string>()

  constructor(private readonly options: ScriptedAnswersOptions) {
    this.#rules = new RpcRuleBook(options.rules)
  }

  replaceRules(rules: readonly RpcRule[]): void {
    this.#rules = new RpcRuleBook(rules)
  }

  /** A ComposableCoW declared (or re-declared) at an address: its poll counters start afresh. */
  declarePolls(address: Hex, polls: ComposableCowPolls): void {
    this.#polls.set(address.toLowerCase() as Hex, polls)
  }

  /** Whether a declared ComposableCoW hands out this (order hash, signature) for this owner (decision 0076). */
  authorisesSafeSignature(owner: Hex, hash: Hex, signature: Hex): boolean {
    for (const polls of this.#polls.values())
      if (polls.authorises(owner, hash, signature, this.options.chainId)) return true
    return false
  }

  /**
   * The engine gave up on a request (its deadline aborted it). If it was one parked for ever, it
   * no longer stands for a wait of the engine.
   */
  abandoned(method: string, params: unknown[]): void {
    const key = `rpc ${method} ${renderParams(params)} on chain ${this.options.chainId} (delay: never)`
    const count = this.#parkedForever.get(key)
    if (!count) return
    this.#parked--
    if (count === 1) {
      this.#parkedForever.delete(key)
      this.#never.delete(key)
    } else this.#parkedForever.set(key, count - 1)
  }

  parked(): number {
    return this.#parked
  }

  neverEnding(): string[] {
    return [...this.#never]
  }

  intercept = async (method: string, params: unknown[]): Promise<Interception> => {
    const rule = this.#rules.take(method, params)
    if (rule?.delay === 'never') {
      const key = `rpc ${method} ${renderParams(params)} on chain ${this.options.chainId} (delay: never)`
      this.#parked++
      this.#parkedForever.set(key, (this.#parkedForever.get(key) ?? 0) + 1)
      this.#never.add(key)
      return new Promise<never>(() => {})
    }
    if (rule?.delay !== undefined && rule.delay > 0) {
      this.#parked++
      try {
        await this.options.clock.sleep(rule.delay, { label: `rpc ${method} delay` })
      } finally {
        this.#parked--
      }
    }
    if (rule?.error) return { kind: 'error', error: rule.error }
    if (rule && rule.result !== undefined) return { kind: 'result', result: rule.result }
    if (method === 'eth_call') return this.#preparePoll(params)
    return { kind: 'forward' }
  }

  async #preparePoll(params: unknown[]): Promise<Interception> {
    const call = params[0] as { to?: string; data?: Hex; input?: Hex } | undefined
    const polls = call?.to ? this.#polls.get(call.to.toLowerCase() as Hex) : undefined
    const data = call?.data ?? call?.input
    if (!polls || !data) return { kind: 'forward' }
    let owner: Hex
    try {
      const decoded = decodeFunctionData({ abi: composableCowAbi, data })
      owner = decoded.args[0] as Hex
    } catch {
      // Not a poll: the bytecode answers (or reverts) by itself.
      return { kind: 'forward' }
    }
    const rule = polls.next(owner)
    if (!rule) {
      const message = `no poll rule of the composable-cow at ${call!.to} matches owner ${owner.toLowerCase()}`
      this.options.fail(message)
      return { kind: 'error', error: { code: -32601, message } }
    }
    await this.options.planter.write(call!.to as Hex, composableCowAnswerWrites(owner, rule))
    return { kind: 'forward' }
  }
}
