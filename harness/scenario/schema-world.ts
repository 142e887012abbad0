// `chain:` (and the `set:` step): per-chain state — head, balances, contracts, canned RPC answers.
import * as z from 'zod'
import type { Hex } from '../../engine/module-api/index.js'
import {
  address,
  addressMapOf,
  amount,
  anyInt,
  bool,
  bytes32,
  delay,
  hexBytes,
  jsonValue,
  listOf,
  nonEmptyText,
  oneOf,
  positiveInt,
  signedInteger,
  strictMap,
  text,
  uint,
  uint32,
  uint8,
} from './schema-primitives.js'
import type { ContractDecl, GPv2OrderDecl, PollRule, RpcRule } from './types.js'

export const DEFAULT_HEAD = { number: 7_000_000, timestamp: 1_750_000_000 } as const

const ZERO_ADDRESS: Hex = `0x${'0'.repeat(40)}`
const ZERO_BYTES32: Hex = `0x${'0'.repeat(64)}`

export const head = strictMap({ number: uint.optional(), timestamp: uint.optional() }).transform((h) => ({
  number: h.number ?? DEFAULT_HEAD.number,
  timestamp: h.timestamp ?? DEFAULT_HEAD.timestamp,
}))

export const balances = addressMapOf(amount)

const chainlinkAggregator = strictMap({
  kind: z.literal('chainlink-aggregator'),
  decimals: uint8.default(8),
  answer: signedInteger,
  description: text.default(''),
  round_id: amount.default(1n),
  updated_at: amount.optional(),
}).transform(
  (c): ContractDecl => ({
    kind: 'chainlink-aggregator',
    decimals: c.decimals,
    answer: c.answer,
    description: c.description,
    roundId: c.round_id,
    updatedAt: c.updated_at,
  }),
)

const erc20 = strictMap({
  kind: z.literal('erc20'),
  balances: balances.optional(),
  allowances: addressMapOf(addressMapOf(amount)).optional(),
  decimals: uint8.default(18),
  symbol: text.default('TKN'),
}).transform(
  (c): ContractDecl => ({
    kind: 'erc20',
    balances: c.balances ?? new Map(),
    allowances: c.allowances ?? new Map(),
    decimals: c.decimals,
    symbol: c.symbol,
  }),
)

/** Field names as in GPv2Order.Data and the orderbook API (camelCase), so orders can be pasted. */
const gpv2Order = strictMap({
  sellToken: address,
  buyToken: address,
  receiver: address.default(ZERO_ADDRESS),
  sellAmount: amount,
  buyAmount: amount,
  validTo: uint32,
  appData: bytes32.default(ZERO_BYTES32),
  feeAmount: amount.default(0n),
  kind: oneOf(['sell', 'buy']),
  partiallyFillable: bool.default(false),
  sellTokenBalance: oneOf(['erc20', 'external', 'internal']).default('erc20'),
  buyTokenBalance: oneOf(['erc20', 'internal']).default('erc20'),
}).transform((o): GPv2OrderDecl => o)

const pollCommon = { owner: address.optional(), times: positiveInt.optional() }
const reason = text.default('')

const POLL_OUTCOMES = ['ready', 'try-next-block', 'try-at-block', 'try-at-epoch', 'order-not-valid', 'never'] as const

const pollRule = z
  .discriminatedUnion(
    'outcome',
    [
      strictMap({ outcome: z.literal('ready'), order: gpv2Order, signature: hexBytes, ...pollCommon }),
      strictMap({ outcome: z.literal('try-next-block'), reason, ...pollCommon }),
      strictMap({ outcome: z.literal('try-at-block'), block: amount, reason, ...pollCommon }),
      strictMap({ outcome: z.literal('try-at-epoch'), epoch: amount, reason, ...pollCommon }),
      strictMap({ outcome: z.literal('order-not-valid'), reason, ...pollCommon }),
      strictMap({ outcome: z.literal('never'), reason, ...pollCommon }),
    ],
    {
      error: (i) =>
        (i.code as string) === 'invalid_type'
          ? 'a poll rule (a map with an outcome)'
          : `an outcome: one of ${POLL_OUTCOMES.join(', ')}`,
    },
  )
  .transform((r): PollRule => r)

const composableCow = strictMap({
  kind: z.literal('composable-cow'),
  polls: listOf(pollRule).default([]),
}).transform((c): ContractDecl => ({ kind: 'composable-cow', polls: c.polls }))

const CONTRACT_KINDS = ['chainlink-aggregator', 'erc20', 'composable-cow'] as const

export const contract = z.discriminatedUnion('kind', [chainlinkAggregator, erc20, composableCow], {
  error: (i) =>
    (i.code as string) === 'invalid_type'
      ? 'a contract (a map with a kind)'
      : `a contract kind: one of ${CONTRACT_KINDS.join(', ')}`,
})

export const contracts = addressMapOf(contract)

const rpcError = strictMap({ code: anyInt, message: text, data: jsonValue.optional() })

export const rpcRule = strictMap({
  method: nonEmptyText,
  params: listOf(jsonValue).optional(),
  result: jsonValue.optional(),
  error: rpcError.optional(),
  times: positiveInt.optional(),
  delay: delay.optional(),
}).transform((r, ctx): RpcRule => {
  // Neither result nor error: the world answers from its declared state (after any delay).
  if (r.result !== undefined && r.error !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'either result or error, not both',
      params: { found: 'both' },
      path: ['error'],
    })
  }
  return r
})

export const rpcRules = listOf(rpcRule)

export const chainState = strictMap({
  head: head.optional(),
  balances: balances.optional(),
  contracts: contracts.optional(),
  rpc: rpcRules.optional(),
})
