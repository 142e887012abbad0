// Order UIDs for the fake's hot path: the GPv2 order's EIP-712 digest ++ owner ++ validTo (u32
// BE). Same value as modules/sdk/cow/order-uid.ts `computeOrderUid` (checked by a property test),
// but the struct is encoded by hand with the type hash and each chain's domain separator
// computed once: viem's generic hashTypedData costs ~0.9 ms per order, this ~0.05 ms, and the
// in-process orderbook serves fuzzing volume (decision 0074).
import { domainSeparator, keccak256, stringToHex } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import type { OrderData } from '../../modules/sdk/cow/order.js'
import { settlementDomain } from '../../modules/sdk/cow/order-uid.js'

const ORDER_TYPE_HASH = keccak256(
  stringToHex(
    'Order(address sellToken,address buyToken,address receiver,uint256 sellAmount,uint256 buyAmount,' +
      'uint32 validTo,bytes32 appData,uint256 feeAmount,string kind,bool partiallyFillable,' +
      'string sellTokenBalance,string buyTokenBalance)',
  ),
).slice(2)

/** `string` fields are hashed into the struct: keccak of the name (= GPv2Order's markers). */
const MARKERS = new Map(
  ['sell', 'buy', 'erc20', 'external', 'internal'].map((name) => [name, keccak256(stringToHex(name)).slice(2)]),
)

const separators = new Map<number, string>()

function separatorOf(chainId: number): string {
  let separator = separators.get(chainId)
  if (separator === undefined) {
    separator = domainSeparator({ domain: settlementDomain(chainId) }).slice(2)
    separators.set(chainId, separator)
  }
  return separator
}

export class OrderEncodingError extends Error {
  override readonly name = 'OrderEncodingError'
}

const word = (hex: string): string => {
  if (hex.length > 64 || !/^[0-9a-fA-F]*$/.test(hex)) throw new OrderEncodingError(`0x${hex} is not a 32-byte word`)
  return hex.toLowerCase().padStart(64, '0')
}
const address = (value: Hex): string => word(value.slice(2))
const uint = (value: bigint | number): string => {
  if (value < 0 || BigInt(value) >= 2n ** 256n) throw new OrderEncodingError(`${value} is not a uint256`)
  return word(value.toString(16))
}
const marker = (name: string): string => {
  const hash = MARKERS.get(name)
  if (hash === undefined) throw new OrderEncodingError(`unknown order enum value ${JSON.stringify(name)}`)
  return hash
}

export function orderDigest(order: OrderData, chainId: number): Hex {
  const struct = keccak256(
    `0x${ORDER_TYPE_HASH}${address(order.sellToken)}${address(order.buyToken)}${address(order.receiver ?? '0x')}${uint(order.sellAmount)}${uint(order.buyAmount)}${uint(order.validTo)}${word(order.appData.slice(2))}${uint(order.feeAmount)}${marker(order.kind)}${uint(order.partiallyFillable ? 1 : 0)}${marker(order.sellTokenBalance)}${marker(order.buyTokenBalance)}`,
  )
  return keccak256(`0x1901${separatorOf(chainId)}${struct.slice(2)}`)
}

/** 0x + 112 lowercase hex: digest (32) ++ owner (20) ++ validTo (4, big-endian). */
export function orderUid(order: OrderData, owner: Hex, chainId: number): Hex {
  if (!Number.isInteger(order.validTo) || order.validTo < 0 || order.validTo > 0xffffffff) {
    throw new OrderEncodingError(`validTo ${order.validTo} does not fit in a u32`)
  }
  const validTo = order.validTo.toString(16).padStart(8, '0')
  return `${orderDigest(order, chainId)}${owner.slice(2).toLowerCase()}${validTo}` as Hex
}
