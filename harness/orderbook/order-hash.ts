// The order's EIP-712 hash and UID, computed the way the server does (viem's generic typed-data
// hashing over the settlement domain): slow (~1 ms) but shared with nothing in modules/. The
// domain's hash is the same for every order of a chain, so it is computed once per chain id; the
// rest is viem's `hashTypedData`, step by step (validate, hash the struct, 0x1901 ‖ domain ‖ struct).
import { concat, hashDomain, hashStruct, keccak256, numberToHex, validateTypedData } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import { scalarKey } from '../world/scalar-key.js'
import { GPV2_ORDER_TYPES, type Gpv2Order, gpv2Domain, orderMessage } from './gpv2-order.js'
import { remembered } from '../collections/remembered.js'

// The fields of gpv2Domain, in the order viem's getTypesForEIP712Domain lists them.
const DOMAIN_TYPES = {
  EIP712Domain: [
    { name: 'name', type: 'string' },
    { name: 'version', type: 'string' },
    { name: 'chainId', type: 'uint256' },
    { name: 'verifyingContract', type: 'address' },
  ],
} as const
const TYPES = { ...DOMAIN_TYPES, ...GPV2_ORDER_TYPES }
const domainHashes = new Map<number, Hex>()

function domainHash(chainId: number): Hex {
  let hash = domainHashes.get(chainId)
  if (!hash) {
    hash = hashDomain({ domain: typedDomain(chainId), types: DOMAIN_TYPES })
    domainHashes.set(chainId, hash)
  }
  return hash
}

/** gpv2Domain with the chain id as viem's uint256 type spells it (the encoding is the same). */
const typedDomain = (chainId: number) => ({ ...gpv2Domain(chainId), chainId: BigInt(chainId) })

/**
 * Hashes computed last, by chain and message. A fuzz campaign posts and looks up the same few
 * orders in case after case (decision 0224): two messages share a hash only when viem would be
 * given the same values (scalar-key.ts). Bounded.
 */
const recent = new Map<string, Hex>()
const RECENT_MAX = 1024

export function orderHash(order: Gpv2Order, chainId: number): Hex {
  const message = orderMessage(order)
  const key = scalarKey([chainId, ...Object.values(message)])
  if (key === undefined) return typedDataHash(message, chainId)
  return remembered(recent, RECENT_MAX, key, () => typedDataHash(message, chainId))
}

function typedDataHash(message: ReturnType<typeof orderMessage>, chainId: number): Hex {
  const domain = typedDomain(chainId)
  // viem's runtime checks of addresses, byte lengths and integer ranges, as hashTypedData makes them.
  validateTypedData({ domain, message, primaryType: 'Order', types: TYPES })
  return keccak256(
    concat(['0x1901', domainHash(chainId), hashStruct({ data: message, primaryType: 'Order', types: TYPES })]),
  )
}

/** hash ‖ owner ‖ validTo (u32 big-endian): 56 bytes, lowercase. */
export function orderUid(order: Gpv2Order, owner: Hex, chainId: number): Hex {
  const validTo = numberToHex(order.validTo, { size: 4 })
  return `${orderHash(order, chainId)}${owner.slice(2)}${validTo.slice(2)}`.toLowerCase() as Hex
}
