// An accepted order as the fake keeps it, and its GET /api/v1/orders/{uid} body: the Order
// schema (creation fields + OrderMetaData), nothing executed yet.
import type { Hex } from '../../engine/module-api/index.js'
import { GPV2_SETTLEMENT, type Gpv2Order, type OrderSigningScheme } from './gpv2-order.js'

/** `presignaturePending` until a pre-signature would be seen on chain; the fake sees no chain. */
export type StoredOrderStatus = 'open' | 'presignaturePending'

export interface StoredOrder {
  uid: Hex
  chainId: number
  owner: Hex
  order: Gpv2Order
  signingScheme: OrderSigningScheme
  signature: Hex
  fullAppData: string | undefined
  /** ISO 8601 UTC, from the injected clock. */
  creationDate: string
  status: StoredOrderStatus
}

/** The Order JSON, keys in the real server's serialisation order (metadata first). */
export function orderJson(stored: StoredOrder): Record<string, unknown> {
  const { order } = stored
  return {
    creationDate: stored.creationDate,
    owner: stored.owner,
    uid: stored.uid,
    availableBalance: null,
    executedBuyAmount: '0',
    executedSellAmount: '0',
    executedSellAmountBeforeFees: '0',
    executedFeeAmount: '0',
    executedFee: '0',
    executedFeeToken: order.sellToken,
    invalidated: false,
    status: stored.status,
    class: 'limit',
    settlementContract: GPV2_SETTLEMENT,
    isLiquidityOrder: false,
    fullAppData: stored.fullAppData ?? null,
    sellToken: order.sellToken,
    buyToken: order.buyToken,
    receiver: order.receiver ?? null,
    sellAmount: order.sellAmount.toString(),
    buyAmount: order.buyAmount.toString(),
    validTo: order.validTo,
    appData: order.appData,
    feeAmount: order.feeAmount.toString(),
    kind: order.kind,
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: order.sellTokenBalance,
    buyTokenBalance: order.buyTokenBalance,
    signingScheme: stored.signingScheme,
    signature: stored.signature,
    interactions: { pre: [], post: [] },
  }
}
