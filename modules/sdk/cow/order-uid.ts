// Order UIDs: EIP-712 digest of the order under the chain's GPv2Settlement domain ++ owner ++
// validTo (u32 big-endian) = 56 bytes, rendered 0x + 112 lowercase hex (seed-engine.md §7.3).
import { hashTypedData, numberToHex } from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import { normaliseAddress } from '../hex.js'
import { ZERO_ADDRESS } from '../hex.js'
import type { OrderData } from './order.js'

/** GPv2Settlement: the same address on every network. */
export const GPV2_SETTLEMENT: Hex = '0x9008D19f58AAbD9eD0D60971565AA8510560ab41'

export function settlementDomain(chainId: number) {
  return { name: 'Gnosis Protocol', version: 'v2', chainId, verifyingContract: GPV2_SETTLEMENT } as const
}

/** The GPv2 `Order` EIP-712 type: kind and balances are strings (hashed as their markers). */
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

export function orderDigest(order: OrderData, chainId: number): Hex {
  return hashTypedData({
    domain: settlementDomain(chainId),
    types: GPV2_ORDER_TYPES,
    primaryType: 'Order',
    message: {
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
    },
  })
}

export class OrderUidError extends Error {
  override readonly name = 'OrderUidError'
}

export function computeOrderUid(order: OrderData, owner: Hex, chainId: number): Hex {
  const ownerHex = normaliseAddress(owner)
  if (ownerHex === undefined) throw new OrderUidError(`owner is not a 20-byte address: ${owner}`)
  if (!Number.isInteger(order.validTo) || order.validTo < 0 || order.validTo > 0xffffffff) {
    throw new OrderUidError(`validTo ${order.validTo} does not fit in a u32`)
  }
  const validTo = numberToHex(order.validTo, { size: 4 })
  return `${orderDigest(order, chainId)}${ownerHex.slice(2)}${validTo.slice(2)}`.toLowerCase() as Hex
}

export interface OrderUidParts {
  digest: Hex
  owner: Hex
  validTo: number
}

/** Splits a UID back into its parts; undefined unless it is 56 bytes of hex. */
export function parseOrderUid(uid: string): OrderUidParts | undefined {
  if (!/^0x[0-9a-fA-F]{112}$/.test(uid)) return undefined
  const hex = uid.toLowerCase()
  return {
    digest: `0x${hex.slice(2, 66)}`,
    owner: `0x${hex.slice(66, 106)}`,
    validTo: Number.parseInt(hex.slice(106, 114), 16),
  }
}
