// The GPv2 order as the fake orderbook knows it: its fields, the settlement contract and the
// EIP-712 domain and types, written here from the protocol's definition (GPv2Order.sol,
// @cowprotocol/contracts) and never taken from modules/: the judge is independent of the judged
// (decision 0076). `GPV2_ORDER_TYPES` is the harness's one list of the order's fields; the fake
// node's ABI struct (world/contracts/abis.ts) is derived from it. The SDK has its own
// (modules/sdk/cow/gpv2-order-abi.ts), deliberately.
import type { Hex } from '../../engine/module-api/index.js'

export type OrderKind = 'sell' | 'buy'
export type SellTokenBalance = 'erc20' | 'external' | 'internal'
export type BuyTokenBalance = 'erc20' | 'internal'
export type OrderSigningScheme = 'eip712' | 'ethsign' | 'presign' | 'eip1271'

/** GPv2Order.Data with the enums spelled as the API spells them; receiver undefined = the owner. */
export interface Gpv2Order {
  sellToken: Hex
  buyToken: Hex
  receiver?: Hex | undefined
  sellAmount: bigint
  buyAmount: bigint
  validTo: number
  appData: Hex
  feeAmount: bigint
  kind: OrderKind
  partiallyFillable: boolean
  sellTokenBalance: SellTokenBalance
  buyTokenBalance: BuyTokenBalance
}

/** GPv2Settlement: deployed at the same address on every network (lowercase, as the API answers it). */
export const GPV2_SETTLEMENT = '0x9008d19f58aabd9ed0d60971565aa8510560ab41' as const

/** GPv2VaultRelayer, the spender an order's sell-token allowance must go to (same deployment everywhere). */
export const GPV2_VAULT_RELAYER = '0xc92e8bdf79f0507f65a392b0ab4667716bfe0110' as const
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as const

/** The settlement contract's EIP-712 domain on a chain. */
export function gpv2Domain(chainId: number) {
  return { name: 'Gnosis Protocol', version: 'v2', chainId, verifyingContract: GPV2_SETTLEMENT } as const
}

/** `Order` as GPv2Order.sol's TYPE_HASH spells it: the enums are hashed as strings. */
export const GPV2_ORDER_TYPES = {
  Order: [
    { name: 'sellToken', type: 'address' },
    { name: 'buyToken', type: 'address' },
    { name: 'receiver', type: 'address' },
    { name: 'sellAmount', type: 'uint256' },
    { name: 'buyAmount', type: 'uint256' },
    { name: 'validTo', type: 'uint32' },
    { name: 'appData', type: 'bytes32' },
    { name: 'feeAmount', type: 'uint256' },
    { name: 'kind', type: 'string' },
    { name: 'partiallyFillable', type: 'bool' },
    { name: 'sellTokenBalance', type: 'string' },
    { name: 'buyTokenBalance', type: 'string' },
  ],
} as const

/** The typed-data message of an order (receiver spelled out). */
export function orderMessage(order: Gpv2Order) {
  return {
    sellToken: order.sellToken,
    buyToken: order.buyToken,
    receiver: order.receiver ?? ZERO_ADDRESS,
    sellAmount: order.sellAmount,
    buyAmount: order.buyAmount,
    validTo: order.validTo,
    appData: order.appData,
    feeAmount: order.feeAmount,
    kind: order.kind,
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: order.sellTokenBalance,
    buyTokenBalance: order.buyTokenBalance,
  }
}
