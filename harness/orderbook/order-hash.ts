// The order's EIP-712 hash and UID, computed the way the server does (viem's generic
// hashTypedData over the settlement domain): slow (~1 ms) but shared with nothing in modules/.
import { hashTypedData, numberToHex } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import { GPV2_ORDER_TYPES, type Gpv2Order, gpv2Domain, orderMessage } from './gpv2-order.js'

export function orderHash(order: Gpv2Order, chainId: number): Hex {
  return hashTypedData({
    domain: gpv2Domain(chainId),
    types: GPV2_ORDER_TYPES,
    primaryType: 'Order',
    message: orderMessage(order),
  })
}

/** hash ‖ owner ‖ validTo (u32 big-endian): 56 bytes, lowercase. */
export function orderUid(order: Gpv2Order, owner: Hex, chainId: number): Hex {
  const validTo = numberToHex(order.validTo, { size: 4 })
  return `${orderHash(order, chainId)}${owner.slice(2)}${validTo.slice(2)}`.toLowerCase() as Hex
}
