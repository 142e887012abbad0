// The ABI shape of `GPv2Order.Data` (markers as bytes32), shared by ComposableCoW and EthFlow: the
// SDK's one list of the order's fields (the UID's EIP-712 type is derived from it). The harness
// keeps its own list (harness/orderbook/gpv2-order.ts) on purpose: the judge never uses the
// judged code to decide whether it was right (decision 0076).
export const GPV2_ORDER_DATA_COMPONENTS = [
  { name: 'sellToken', type: 'address' },
  { name: 'buyToken', type: 'address' },
  { name: 'receiver', type: 'address' },
  { name: 'sellAmount', type: 'uint256' },
  { name: 'buyAmount', type: 'uint256' },
  { name: 'validTo', type: 'uint32' },
  { name: 'appData', type: 'bytes32' },
  { name: 'feeAmount', type: 'uint256' },
  { name: 'kind', type: 'bytes32' },
  { name: 'partiallyFillable', type: 'bool' },
  { name: 'sellTokenBalance', type: 'bytes32' },
  { name: 'buyTokenBalance', type: 'bytes32' },
] as const
