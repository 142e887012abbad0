// What a declared contract does with one `eth_call`.
import type { Hex } from '../../../engine/module-api/index.js'

export type CallOutcome =
  /** Returned ABI-encoded data. */
  | { kind: 'return'; data: Hex }
  /** Reverted with this revert data (`0x` = no data). */
  | { kind: 'revert'; data: Hex }
  /** The declaration does not say what the contract would do: a world failure, naming why. */
  | { kind: 'no-answer'; reason: string }

/** The chain state a contract answer may depend on. */
export interface CallContext {
  /** Seconds, of the node's current head. */
  headTimestamp: number
}
