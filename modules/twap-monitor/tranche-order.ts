// A ready tranche → its order UID and the EIP-1271 OrderCreation body (docs/design.md §8.6,
// "Ready → submit"): `from` = the owner (the Safe that verifies the signature), appData `"{}"`.
// The UID is computed here, before anything is posted, so a placed tranche is recognised (COW-1085).
import type { GPv2OrderData, Hex, OrderCreation, OrderData } from '../sdk/index.js'
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

// A watch's answer is decoded once while it repeats (watch-memo.ts), so the same order object comes
// back every block until the tranche moves on: its UID (two keccaks) is kept beside it.
const uids = new WeakMap<GPv2OrderData, { chainId: number; owner: Hex; uid: Hex }>()

function trancheUid(order: GPv2OrderData, data: OrderData, owner: Hex, chainId: number): Hex {
  const known = uids.get(order)
  if (known !== undefined && known.chainId === chainId && known.owner === owner) return known.uid
  const uid = computeOrderUid(data, owner, chainId)
  uids.set(order, { chainId, owner, uid })
  return uid
}

export function buildTrancheOrder(chainId: number, owner: Hex, order: GPv2OrderData, signature: Hex): TrancheOrder {
  if (!isCowChain(chainId)) throw new TrancheBuildError(`chain ${chainId} is not supported by cowprotocol`)
  const data = gpv2ToOrderData(order)
  if (data === undefined) throw new TrancheBuildError('GPv2OrderData carried an unknown enum marker')
  try {
    return {
      uid: trancheUid(order, data, owner, chainId),
      body: buildOrderCreation({ order: data, signingScheme: 'eip1271', signature, from: owner }),
    }
  } catch (error) {
    if (error instanceof OrderCreationError || error instanceof OrderUidError)
      throw new TrancheBuildError(error.message)
    throw error
  }
}
