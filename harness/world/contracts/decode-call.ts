// Calldata → (function, args) against a declared contract's ABI, telling apart the two ways it
// can fail: a selector the contract does not have (the world cannot say what the real contract
// would do: a failure), and a known selector with malformed arguments (a real contract's ABI
// decoder reverts without data, so the world answers that). And the way back: result → return data.
import {
  AbiFunctionSignatureNotFoundError,
  decodeFunctionData,
  encodeFunctionResult,
  type Abi,
  type DecodeFunctionDataReturnType,
} from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import type { CallOutcome } from './call-outcome.js'

export type DecodedCall<abi extends Abi> =
  | { ok: true; call: DecodeFunctionDataReturnType<abi> }
  | { ok: false; outcome: CallOutcome }

// The same calls come every block (a feed's latestRoundData, a balanceOf per tracked owner):
// decoding and encoding are pure functions of their inputs, so each is done once per distinct
// input. Bounded: a memo that fills up starts again.
const MEMO_LIMIT = 1_024
const decoded = new WeakMap<Abi, Map<string, unknown>>()
const encoded = new WeakMap<Abi, Map<string, CallOutcome>>()

function memoOf<V>(memos: WeakMap<Abi, Map<string, V>>, abi: Abi): Map<string, V> {
  const memo = memos.get(abi)
  if (memo === undefined) {
    const fresh = new Map<string, V>()
    memos.set(abi, fresh)
    return fresh
  }
  if (memo.size >= MEMO_LIMIT) memo.clear()
  return memo
}

export function decodeCall<const abi extends Abi>(abi: abi, data: Hex, contract: string): DecodedCall<abi> {
  const memo = memoOf(decoded, abi)
  const key = `${contract}\n${data}`
  const known = memo.get(key) as DecodedCall<abi> | undefined
  if (known !== undefined) return known
  const call = decodeOnce(abi, data, contract)
  memo.set(key, call)
  return call
}

function decodeOnce<const abi extends Abi>(abi: abi, data: Hex, contract: string): DecodedCall<abi> {
  if (data.length < 10) {
    return {
      ok: false,
      outcome: { kind: 'no-answer', reason: `calldata ${data} has no function selector for the ${contract}` },
    }
  }
  try {
    return { ok: true, call: decodeFunctionData({ abi, data }) as DecodeFunctionDataReturnType<abi> }
  } catch (error) {
    if (error instanceof AbiFunctionSignatureNotFoundError) {
      return {
        ok: false,
        outcome: {
          kind: 'no-answer',
          reason: `selector ${data.slice(0, 10).toLowerCase()} is not a function of the ${contract}`,
        },
      }
    }
    return { ok: false, outcome: { kind: 'revert', data: '0x' } }
  }
}

/**
 * A successful call returning `result`, ABI-encoded as `functionName`'s outputs. `changes`: the
 * result is new every block (a feed's round stamped with the head's time), so it is not memoised
 * (every entry would be a miss, held until the memo fills).
 */
export function returning(abi: Abi, functionName: string, result: unknown, changes = false): CallOutcome {
  const key = changes ? undefined : flatKey(functionName, result)
  if (key === undefined) return { kind: 'return', data: encodeFunctionResult({ abi, functionName, result }) }
  const memo = memoOf(encoded, abi)
  const known = memo.get(key)
  if (known !== undefined) return known
  const outcome: CallOutcome = { kind: 'return', data: encodeFunctionResult({ abi, functionName, result }) }
  memo.set(key, outcome)
  return outcome
}

/** A memo key for a result of plain values (or a flat list of them); undefined for anything else. */
function flatKey(functionName: string, result: unknown): string | undefined {
  const plain = (v: unknown) => `${typeof v}:${String(v)}`
  const simple = (v: unknown) => ['bigint', 'number', 'string', 'boolean'].includes(typeof v)
  if (simple(result)) return `${functionName}\n${plain(result)}`
  if (Array.isArray(result) && result.every(simple)) return `${functionName}\n${result.map(plain).join('\n')}`
  return undefined
}
