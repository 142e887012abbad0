// ComposableCoW with scripted poll answers: `getTradeableOrderWithSignature` returns the order of
// the first matching `ready` rule, or reverts with the IConditionalOrder custom error the rule
// names, encoded exactly as a real handler's revert (selector + ABI arguments).
import { BaseError, encodeErrorResult, keccak256, toBytes } from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import { orderHash } from '../../orderbook/order-hash.js'
import type { ComposableCowDecl, GPv2OrderDecl, PollOutcomeDecl, PollRule } from '../../scenario/types.js'
import { composableCowAbi as abi } from './abis.js'
import type { CallOutcome } from './call-outcome.js'
import { decodeCall, returning } from './decode-call.js'
import { scalarKey } from '../scalar-key.js'
import { remembered } from '../../collections/remembered.js'

/** GPv2Order's enum markers: keccak256 of the lowercase name (`sell`, `buy`, `erc20`, ...). */
export function orderMarker(name: string): Hex {
  return keccak256(toBytes(name))
}

/** The ABI value of a declared order (GPv2Order.Data field types). */
export function encodeOrderData(order: GPv2OrderDecl) {
  return {
    sellToken: order.sellToken,
    buyToken: order.buyToken,
    receiver: order.receiver,
    sellAmount: order.sellAmount,
    buyAmount: order.buyAmount,
    validTo: order.validTo,
    appData: order.appData,
    feeAmount: order.feeAmount,
    kind: orderMarker(order.kind),
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: orderMarker(order.sellTokenBalance),
    buyTokenBalance: orderMarker(order.buyTokenBalance),
  }
}

/** One declared ComposableCoW; holds how many uses each poll rule has left. */
export class ComposableCowPolls {
  readonly #rules: PollRule[]
  readonly #left: (number | undefined)[]

  constructor(decl: ComposableCowDecl) {
    this.#rules = decl.polls
    this.#left = decl.polls.map((rule) => rule.times)
  }

  /** The rule answering the next poll for this owner, consuming one of its `times`. */
  next(owner: Hex): PollRule | undefined {
    const index = this.#take(owner.toLowerCase())
    return index === undefined ? undefined : this.#rules[index]
  }

  answer(data: Hex): CallOutcome {
    const decoded = decodeCall(abi, data, 'composable-cow')
    if (!decoded.ok) return decoded.outcome
    const owner = decoded.call.args[0].toLowerCase()
    const index = this.#take(owner)
    if (index === undefined)
      return { kind: 'no-answer', reason: `no poll rule of the composable-cow matches owner ${owner}` }
    try {
      return outcomeOf(this.#rules[index]!)
    } catch (error) {
      const detail = error instanceof BaseError ? error.shortMessage : String(error)
      return { kind: 'no-answer', reason: `poll rule ${index} of the composable-cow cannot be ABI-encoded: ${detail}` }
    }
  }

  /**
   * Whether this ComposableCoW authorises `signature` over `hash` for `owner` (a Safe whose
   * fallback handler forwards EIP-1271 here): some `ready` rule for that owner produces exactly
   * that order (its EIP-712 hash on this chain) with exactly that signature. Poll rules' `times`
   * are not consumed: an authorisation outlives the poll that revealed it.
   */
  authorises(owner: Hex, hash: Hex, signature: Hex, chainId: number): boolean {
    return this.#rules.some(
      (rule) =>
        rule.outcome === 'ready' &&
        (rule.owner === undefined || rule.owner.toLowerCase() === owner.toLowerCase()) &&
        rule.signature.toLowerCase() === signature.toLowerCase() &&
        orderHash(rule.order, chainId) === hash.toLowerCase(),
    )
  }

  #take(owner: string): number | undefined {
    for (let i = 0; i < this.#rules.length; i++) {
      const rule = this.#rules[i]!
      const left = this.#left[i]
      if (left !== undefined && left <= 0) continue
      if (rule.owner !== undefined && rule.owner.toLowerCase() !== owner) continue
      if (left !== undefined) this.#left[i] = left - 1
      return i
    }
    return undefined
  }
}

/**
 * The answers encoded last, by the values they are encoded from. Every fuzz case declares a
 * ComposableCoW with the same few answers; each was ABI-encoded (and its error selector hashed)
 * at every poll (decision 0224). A rule that cannot be encoded throws each time. Bounded.
 */
const encodedAnswers = new Map<string, CallOutcome>()
const ENCODED_MAX = 1024

function outcomeOf(rule: PollOutcomeDecl): CallOutcome {
  const key = outcomeKey(rule)
  if (key === undefined) return encodeOutcome(rule)
  // A copy out: the kept answer is never the caller's.
  return { ...remembered(encodedAnswers, ENCODED_MAX, key, () => encodeOutcome(rule)) }
}

/** Every value the answer is encoded from, and nothing else (not `times`, not `owner`). */
function outcomeKey(rule: PollOutcomeDecl): string | undefined {
  switch (rule.outcome) {
    case 'ready':
      return scalarKey([rule.outcome, rule.signature, ...orderValues(rule.order)])
    case 'try-at-block':
      return scalarKey([rule.outcome, rule.block, rule.reason])
    case 'try-at-epoch':
      return scalarKey([rule.outcome, rule.epoch, rule.reason])
    default:
      return scalarKey([rule.outcome, rule.reason])
  }
}

/** The fields `encodeOrderData` reads, in its order. */
function orderValues(o: GPv2OrderDecl): unknown[] {
  return [
    o.sellToken,
    o.buyToken,
    o.receiver,
    o.sellAmount,
    o.buyAmount,
    o.validTo,
    o.appData,
    o.feeAmount,
    o.kind,
    o.partiallyFillable,
    o.sellTokenBalance,
    o.buyTokenBalance,
  ]
}

function encodeOutcome(rule: PollOutcomeDecl): CallOutcome {
  switch (rule.outcome) {
    case 'ready':
      return returning(abi, 'getTradeableOrderWithSignature', [encodeOrderData(rule.order), rule.signature])
    case 'order-not-valid':
      return revert(encodeErrorResult({ abi, errorName: 'OrderNotValid', args: [rule.reason] }))
    case 'try-next-block':
      return revert(encodeErrorResult({ abi, errorName: 'PollTryNextBlock', args: [rule.reason] }))
    case 'try-at-block':
      return revert(encodeErrorResult({ abi, errorName: 'PollTryAtBlock', args: [rule.block, rule.reason] }))
    case 'try-at-epoch':
      return revert(encodeErrorResult({ abi, errorName: 'PollTryAtEpoch', args: [rule.epoch, rule.reason] }))
    case 'never':
      return revert(encodeErrorResult({ abi, errorName: 'PollNever', args: [rule.reason] }))
  }
}

function revert(data: Hex): CallOutcome {
  return { kind: 'revert', data }
}
