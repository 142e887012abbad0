// ComposableCoW: the conditional-order registry the TWAP watcher indexes and polls
// (docs/design.md §7.4, §8.1). Pure encoders/decoders; the module does the I/O.
import {
  decodeAbiParameters,
  decodeEventLog,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeFunctionData,
  keccak256,
  toEventSelector,
  toFunctionSelector,
} from 'viem'
import type { Hex, Log } from '../../../engine/module-api/index.js'
import { hexByteLength } from '../hex.js'
import { GPV2_ORDER_DATA_COMPONENTS } from './gpv2-order-abi.js'
import type { GPv2OrderData } from './order.js'

export const COMPOSABLE_COW: Hex = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'

const CONDITIONAL_ORDER_PARAMS = {
  name: 'params',
  type: 'tuple',
  components: [
    { name: 'handler', type: 'address' },
    { name: 'salt', type: 'bytes32' },
    { name: 'staticInput', type: 'bytes' },
  ],
} as const

export const COMPOSABLE_COW_ABI = [
  {
    type: 'event',
    name: 'ConditionalOrderCreated',
    inputs: [
      { name: 'owner', type: 'address', indexed: true },
      { ...CONDITIONAL_ORDER_PARAMS, indexed: false },
    ],
  },
  {
    type: 'function',
    name: 'getTradeableOrderWithSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      CONDITIONAL_ORDER_PARAMS,
      { name: 'offchainInput', type: 'bytes' },
      { name: 'proof', type: 'bytes32[]' },
    ],
    outputs: [
      { name: 'order', type: 'tuple', components: GPV2_ORDER_DATA_COMPONENTS },
      { name: 'signature', type: 'bytes' },
    ],
  },
] as const

/** IConditionalOrder's revert hints. Exported so the harness can encode them too. */
export const POLL_ERRORS_ABI = [
  { type: 'error', name: 'OrderNotValid', inputs: [{ name: 'reason', type: 'string' }] },
  { type: 'error', name: 'PollTryNextBlock', inputs: [{ name: 'reason', type: 'string' }] },
  {
    type: 'error',
    name: 'PollTryAtBlock',
    inputs: [
      { name: 'blockNumber', type: 'uint256' },
      { name: 'reason', type: 'string' },
    ],
  },
  {
    type: 'error',
    name: 'PollTryAtEpoch',
    inputs: [
      { name: 'timestamp', type: 'uint256' },
      { name: 'reason', type: 'string' },
    ],
  },
  { type: 'error', name: 'PollNever', inputs: [{ name: 'reason', type: 'string' }] },
] as const

export const CONDITIONAL_ORDER_CREATED_TOPIC: Hex = toEventSelector(
  'ConditionalOrderCreated(address,(address,bytes32,bytes))',
)
export const GET_TRADEABLE_ORDER_WITH_SIGNATURE_SELECTOR: Hex = toFunctionSelector(
  'getTradeableOrderWithSignature(address,(address,bytes32,bytes),bytes,bytes32[])',
)

export const POLL_ERROR_SELECTORS = {
  OrderNotValid: '0xc8fc2725',
  PollTryNextBlock: '0xd05f3065',
  PollTryAtBlock: '0x1fe8506e',
  PollTryAtEpoch: '0x7e334637',
  PollNever: '0x981b64cd',
} as const satisfies Record<string, Hex>

export interface ConditionalOrderParams {
  handler: Hex
  salt: Hex
  staticInput: Hex
}

/** What one poll of a conditional order says (`reason` = the contract's message, when readable). */
export type PollOutcome =
  | { kind: 'ready'; order: GPv2OrderData; signature: Hex }
  | { kind: 'try-next-block'; reason?: string | undefined }
  | { kind: 'try-on-block'; block: bigint; reason?: string | undefined }
  | { kind: 'try-at-epoch'; epoch: bigint; reason?: string | undefined }
  | { kind: 'dont-try-again'; reason?: string | undefined }

/** The Rust engine's log spelling of an outcome (`poll <key> -> <label>`). */
export function pollOutcomeLabel(
  outcome: PollOutcome,
): 'Ready' | 'TryNextBlock' | 'TryOnBlock' | 'TryAtEpoch' | 'DontTryAgain' {
  switch (outcome.kind) {
    case 'ready':
      return 'Ready'
    case 'try-next-block':
      return 'TryNextBlock'
    case 'try-on-block':
      return 'TryOnBlock'
    case 'try-at-epoch':
      return 'TryAtEpoch'
    case 'dont-try-again':
      return 'DontTryAgain'
  }
}

const U64_MAX = 2n ** 64n - 1n
const saturateU64 = (n: bigint): bigint => (n > U64_MAX ? U64_MAX : n)

function decodeArgs<const T extends readonly { type: string }[]>(types: T, body: Hex) {
  try {
    return decodeAbiParameters(types, body) as readonly unknown[]
  } catch {
    return undefined
  }
}

/**
 * Revert data → the poll outcome it asks for (docs/design.md §7.4). Undefined (callers treat it
 * as try-next-block) for < 4 bytes, an unknown selector (including `Error(string)`), or an
 * undecodable block/epoch argument. Block and epoch saturate to u64.
 */
export function decodePollRevert(data: Hex): PollOutcome | undefined {
  if (hexByteLength(data) < 4) return undefined
  const selector = data.slice(0, 10).toLowerCase()
  const body = `0x${data.slice(10)}` as Hex
  const reasonOnly = () => {
    const args = decodeArgs([{ type: 'string' }], body)
    return args === undefined ? undefined : (args[0] as string)
  }
  switch (selector) {
    case POLL_ERROR_SELECTORS.OrderNotValid:
    case POLL_ERROR_SELECTORS.PollNever:
      return { kind: 'dont-try-again', reason: reasonOnly() }
    case POLL_ERROR_SELECTORS.PollTryNextBlock:
      return { kind: 'try-next-block', reason: reasonOnly() }
    case POLL_ERROR_SELECTORS.PollTryAtBlock:
    case POLL_ERROR_SELECTORS.PollTryAtEpoch: {
      const args = decodeArgs([{ type: 'uint256' }, { type: 'string' }], body)
      if (args === undefined) return undefined
      const n = saturateU64(args[0] as bigint)
      const reason = args[1] as string
      return selector === POLL_ERROR_SELECTORS.PollTryAtBlock
        ? { kind: 'try-on-block', block: n, reason }
        : { kind: 'try-at-epoch', epoch: n, reason }
    }
    default:
      return undefined
  }
}

export function encodeConditionalOrderParams(params: ConditionalOrderParams): Hex {
  return encodeAbiParameters([CONDITIONAL_ORDER_PARAMS], [params])
}

export function decodeConditionalOrderParams(encoded: Hex): ConditionalOrderParams | undefined {
  const args = decodeArgs([CONDITIONAL_ORDER_PARAMS], encoded)
  if (args === undefined) return undefined
  const p = args[0] as ConditionalOrderParams
  return { handler: p.handler.toLowerCase() as Hex, salt: p.salt, staticInput: p.staticInput }
}

/** keccak256(abi.encode(params)): ComposableCoW's `hash(params)`, the Rust engine's `params_hash`. */
export function conditionalOrderId(params: ConditionalOrderParams): Hex {
  return keccak256(encodeConditionalOrderParams(params))
}

export interface ConditionalOrderCreated {
  owner: Hex
  params: ConditionalOrderParams
}

/** A `ConditionalOrderCreated` log → owner and params; undefined for any other or undecodable log. */
export function decodeConditionalOrderCreated(log: Pick<Log, 'topics' | 'data'>): ConditionalOrderCreated | undefined {
  if (log.topics[0]?.toLowerCase() !== CONDITIONAL_ORDER_CREATED_TOPIC) return undefined
  try {
    const { args } = decodeEventLog({
      abi: COMPOSABLE_COW_ABI,
      eventName: 'ConditionalOrderCreated',
      topics: log.topics as [Hex, ...Hex[]],
      data: log.data,
    })
    return {
      owner: args.owner.toLowerCase() as Hex,
      params: {
        handler: args.params.handler.toLowerCase() as Hex,
        salt: args.params.salt,
        staticInput: args.params.staticInput,
      },
    }
  } catch {
    return undefined
  }
}

export interface TradeableOrderCall {
  owner: Hex
  params: ConditionalOrderParams
  offchainInput?: Hex | undefined
  proof?: readonly Hex[] | undefined
}

/** Calldata of `getTradeableOrderWithSignature(owner, params, offchainInput = 0x, proof = [])`. */
export function encodeGetTradeableOrderWithSignature(call: TradeableOrderCall): Hex {
  return encodeFunctionData({
    abi: COMPOSABLE_COW_ABI,
    functionName: 'getTradeableOrderWithSignature',
    args: [call.owner, call.params, call.offchainInput ?? '0x', call.proof ?? []],
  })
}

/** The call's return bytes → a ready outcome; undefined when they do not decode. */
export function decodeTradeableOrder(data: Hex): Extract<PollOutcome, { kind: 'ready' }> | undefined {
  try {
    const [order, signature] = decodeFunctionResult({
      abi: COMPOSABLE_COW_ABI,
      functionName: 'getTradeableOrderWithSignature',
      data,
    })
    return { kind: 'ready', order: { ...order }, signature }
  } catch {
    return undefined
  }
}
