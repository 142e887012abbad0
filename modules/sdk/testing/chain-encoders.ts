// What the chain sends a module, encoded as the contracts do: the logs ComposableCoW and EthFlow
// emit and the answer of a successful poll. Module tests build their events and eth_call answers
// with these; production code only decodes, so they live in the testing entry, not the SDK's.
import { encodeAbiParameters, encodeEventTopics, encodeFunctionResult } from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import { COMPOSABLE_COW_ABI, type ConditionalOrderCreated, encodeConditionalOrderParams } from '../cow/composable.js'
import { ETHFLOW_ABI } from '../cow/ethflow.js'
import type { GPv2OrderData } from '../cow/order.js'

/** The topics and data of a `ConditionalOrderCreated` log. */
export function encodeConditionalOrderCreated(event: ConditionalOrderCreated): { topics: Hex[]; data: Hex } {
  const topics = encodeEventTopics({
    abi: COMPOSABLE_COW_ABI,
    eventName: 'ConditionalOrderCreated',
    args: { owner: event.owner },
  })
  return { topics: topics as Hex[], data: encodeConditionalOrderParams(event.params) }
}

/** The return bytes of a successful `getTradeableOrderWithSignature` poll. */
export function encodeTradeableOrder(order: GPv2OrderData, signature: Hex): Hex {
  return encodeFunctionResult({
    abi: COMPOSABLE_COW_ABI,
    functionName: 'getTradeableOrderWithSignature',
    result: [order, signature],
  })
}

const [ORDER_PLACEMENT] = ETHFLOW_ABI
/** The event's non-indexed inputs, in order: what its data field carries. */
const ORDER_PLACEMENT_DATA = ORDER_PLACEMENT.inputs.filter((input) => !input.indexed)

/** The topics and data of an EthFlow `OrderPlacement` log. */
export function encodeOrderPlacement(placement: {
  sender: Hex
  order: GPv2OrderData
  signature: { schemeId: number; data: Hex }
  data: Hex
}): { topics: Hex[]; data: Hex } {
  const topics = encodeEventTopics({
    abi: ETHFLOW_ABI,
    eventName: 'OrderPlacement',
    args: { sender: placement.sender },
  })
  const data = encodeAbiParameters(ORDER_PLACEMENT_DATA, [
    placement.order,
    { scheme: placement.signature.schemeId, data: placement.signature.data },
    placement.data,
  ])
  return { topics: topics as Hex[], data }
}
