// The UID the orderbook files an EthFlow order under: the order's EIP-712 digest, owner = the
// EthFlow contract that emitted the log (it verifies the order via EIP-1271), validTo.
// Only what the UID needs is checked: the observer posts nothing, so the Rust engine's signature-scheme
// and appData checks do not apply (docs/decisions/0090-ethflow-watcher-observes-only.md).
import type { Hex, OrderPlacement } from '../sdk/index.js'
import { OrderUidError, computeOrderUid, gpv2ToOrderData, isCowChain } from '../sdk/index.js'

/** Why no UID; `message` is the text after `ethflow submit skipped (sender=<sender>): `. */
export class PlacementBuildError extends Error {
  override readonly name = 'PlacementBuildError'
}

export function placementUid(chainId: number, placement: OrderPlacement): Hex {
  if (!isCowChain(chainId)) throw new PlacementBuildError(`chain ${chainId} is not supported by cowprotocol`)
  const order = gpv2ToOrderData(placement.order)
  if (order === undefined) throw new PlacementBuildError('GPv2OrderData carried an unknown enum marker')
  try {
    return computeOrderUid(order, placement.contract, chainId)
  } catch (error) {
    if (error instanceof OrderUidError) throw new PlacementBuildError(error.message)
    throw error
  }
}
