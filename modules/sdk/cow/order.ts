// GPv2 orders: the raw on-chain struct (as ComposableCoW and EthFlow return it), the typed order
// modules reason about, and the orderbook's OrderCreation body (docs/design.md §7.3).
import { keccak256, stringToHex } from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import { ZERO_ADDRESS, normaliseAddress } from '../hex.js'

export type OrderKind = 'sell' | 'buy'
export type SellTokenBalance = 'erc20' | 'external' | 'internal'
export type BuyTokenBalance = 'erc20' | 'internal'
export type SigningScheme = 'presign' | 'eip1271'

/** `GPv2Order.Data` exactly as the ABI decodes it: kind and balances are 32-byte markers. */
export interface GPv2OrderData {
  sellToken: Hex
  buyToken: Hex
  receiver: Hex
  sellAmount: bigint
  buyAmount: bigint
  validTo: number
  appData: Hex
  feeAmount: bigint
  kind: Hex
  partiallyFillable: boolean
  sellTokenBalance: Hex
  buyTokenBalance: Hex
}

/** A GPv2 order with its markers resolved. `receiver` undefined = the owner (0x0 on chain). */
export interface OrderData {
  sellToken: Hex
  buyToken: Hex
  receiver?: Hex | undefined
  sellAmount: bigint
  buyAmount: bigint
  validTo: number
  /** The 32-byte app-data hash the order commits to. */
  appData: Hex
  feeAmount: bigint
  kind: OrderKind
  partiallyFillable: boolean
  sellTokenBalance: SellTokenBalance
  buyTokenBalance: BuyTokenBalance
}

/** The marker of a name: keccak256 of its lowercase UTF-8 bytes (GPv2Order.sol). */
const marker = (name: string): Hex => keccak256(stringToHex(name))

export const ORDER_KIND_MARKERS: Readonly<Record<OrderKind, Hex>> = { sell: marker('sell'), buy: marker('buy') }
export const BALANCE_MARKERS: Readonly<Record<SellTokenBalance, Hex>> = {
  erc20: marker('erc20'),
  external: marker('external'),
  internal: marker('internal'),
}

const byMarker = <T extends string>(table: Readonly<Record<T, Hex>>, hex: Hex): T | undefined =>
  (Object.keys(table) as T[]).find((name) => table[name] === hex.toLowerCase())

export const EMPTY_APP_DATA_JSON = '{}'
export const EMPTY_APP_DATA_HASH: Hex = keccak256(stringToHex(EMPTY_APP_DATA_JSON))

/** keccak256 of the app-data JSON text's UTF-8 bytes, as the orderbook computes it. */
export function appDataHash(appDataJson: string): Hex {
  // Every shipped module posts the empty app data: skip the keccak for it.
  return appDataJson === EMPTY_APP_DATA_JSON ? EMPTY_APP_DATA_HASH : keccak256(stringToHex(appDataJson))
}

/**
 * The raw struct → OrderData; undefined when a marker is unknown (the Rust engine's
 * `GPv2OrderData carried an unknown enum marker`). Receiver 0x0 → undefined.
 */
export function gpv2ToOrderData(raw: GPv2OrderData): OrderData | undefined {
  const kind = byMarker(ORDER_KIND_MARKERS, raw.kind)
  const sellTokenBalance = byMarker(BALANCE_MARKERS, raw.sellTokenBalance)
  const buyBalance = byMarker(BALANCE_MARKERS, raw.buyTokenBalance)
  if (kind === undefined || sellTokenBalance === undefined || buyBalance === undefined || buyBalance === 'external') {
    return undefined
  }
  const receiver = raw.receiver.toLowerCase() as Hex
  return {
    sellToken: raw.sellToken.toLowerCase() as Hex,
    buyToken: raw.buyToken.toLowerCase() as Hex,
    receiver: receiver === ZERO_ADDRESS ? undefined : receiver,
    sellAmount: raw.sellAmount,
    buyAmount: raw.buyAmount,
    validTo: raw.validTo,
    appData: raw.appData.toLowerCase() as Hex,
    feeAmount: raw.feeAmount,
    kind,
    partiallyFillable: raw.partiallyFillable,
    sellTokenBalance,
    buyTokenBalance: buyBalance,
  }
}

/** OrderData → the raw struct (markers), e.g. to ABI-encode an order in a test or the harness. */
export function orderDataToGpv2(order: OrderData): GPv2OrderData {
  return {
    sellToken: order.sellToken,
    buyToken: order.buyToken,
    receiver: order.receiver ?? ZERO_ADDRESS,
    sellAmount: order.sellAmount,
    buyAmount: order.buyAmount,
    validTo: order.validTo,
    appData: order.appData,
    feeAmount: order.feeAmount,
    kind: ORDER_KIND_MARKERS[order.kind],
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: BALANCE_MARKERS[order.sellTokenBalance],
    buyTokenBalance: BALANCE_MARKERS[order.buyTokenBalance],
  }
}

/** The orderbook's OrderCreation body (cow-orderbook-openapi.yml), amounts as decimal strings. */
export interface OrderCreation {
  sellToken: Hex
  buyToken: Hex
  receiver: Hex | null
  sellAmount: string
  buyAmount: string
  validTo: number
  /** The full app-data JSON text (e.g. `"{}"`). */
  appData: string
  appDataHash: Hex
  feeAmount: string
  kind: OrderKind
  partiallyFillable: boolean
  sellTokenBalance: SellTokenBalance
  buyTokenBalance: BuyTokenBalance
  signingScheme: SigningScheme
  signature: Hex
  from: Hex
}

/** A local refusal to build the body; `detail` is the Rust engine's wording. */
export class OrderCreationError extends Error {
  override readonly name = 'OrderCreationError'
  constructor(readonly detail: string) {
    super(`invalid OrderCreation: ${detail}`)
  }
}

export interface OrderCreationInput {
  order: OrderData
  signingScheme: SigningScheme
  /** EIP-1271: the verifier bytes. PreSign: empty (`0x`, the default). */
  signature?: Hex | undefined
  /** The owner: for EIP-1271 the verifying contract. */
  from: Hex
  /** Full app-data JSON; its keccak must equal `order.appData`. Default `"{}"`. */
  appData?: string | undefined
}

export function buildOrderCreation(input: OrderCreationInput): OrderCreation {
  const { order, signingScheme } = input
  const appData = input.appData ?? EMPTY_APP_DATA_JSON
  const hash = appDataHash(appData)
  if (hash !== order.appData.toLowerCase())
    throw new OrderCreationError('app_data JSON digest does not match signed app_data hash')
  const from = normaliseAddress(input.from)
  if (from === undefined) throw new OrderCreationError(`from is not a 20-byte address: ${input.from}`)
  if (from === ZERO_ADDRESS) throw new OrderCreationError('from must not be the zero address')
  return {
    sellToken: order.sellToken.toLowerCase() as Hex,
    buyToken: order.buyToken.toLowerCase() as Hex,
    receiver: order.receiver === undefined ? null : (order.receiver.toLowerCase() as Hex),
    sellAmount: order.sellAmount.toString(),
    buyAmount: order.buyAmount.toString(),
    validTo: order.validTo,
    appData,
    appDataHash: hash,
    feeAmount: order.feeAmount.toString(),
    kind: order.kind,
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: order.sellTokenBalance,
    buyTokenBalance: order.buyTokenBalance,
    signingScheme,
    signature: (input.signature ?? '0x').toLowerCase() as Hex,
    from,
  }
}
