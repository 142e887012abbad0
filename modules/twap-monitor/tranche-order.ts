// A ready tranche → its order UID and the EIP-1271 OrderCreation body (docs/design.md §8.6,
// "Ready → submit"): `from` = the owner (the Safe that verifies the signature), appData `"{}"`.
// The UID is computed here, before anything is posted, so a placed tranche is recognised (COW-1085).
import type { GPv2OrderData, Hex, OrderCreation } from '../sdk/index.js'
import {
  OrderCreationError,
  OrderUidError,
  buildOrderCreation,
  computeOrderUid,
  gpv2ToOrderData,
  isCowChain,
} from '../sdk/index.js'

/** Why a tranche cannot be posted; `message` is the text after `twap submit skipped for <owner>: `. */
export class TrancheBuildError extends Error {
  override readonly name = 'TrancheBuildError'
}

export interface TrancheOrder {
  /** 0x + 112 lowercase hex, computed locally. */
  uid: Hex
  body: OrderCreation
}

export function buildTrancheOrder(chainId: number, owner: Hex, order: GPv2OrderData, signature: Hex): TrancheOrder {
  if (!isCowChain(chainId)) throw new TrancheBuildError(`chain ${chainId} is not supported by cowprotocol`)
  const data = gpv2ToOrderData(order)
  if (data === undefined) throw new TrancheBuildError('GPv2OrderData carried an unknown enum marker')
  try {
    return {
      uid: computeOrderUid(data, owner, chainId),
      body: buildOrderCreation({ order: data, signingScheme: 'eip1271', signature, from: owner }),
    }
  } catch (error) {
    if (error instanceof OrderCreationError || error instanceof OrderUidError)
      throw new TrancheBuildError(error.message)
    throw error
  }
}
