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

export function decodeCall<const abi extends Abi>(abi: abi, data: Hex, contract: string): DecodedCall<abi> {
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

/** A successful call returning `result`, ABI-encoded as `functionName`'s outputs. */
export function returning(abi: Abi, functionName: string, result: unknown): CallOutcome {
  return { kind: 'return', data: encodeFunctionResult({ abi, functionName, result }) }
}
