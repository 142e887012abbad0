// CoWSwapEthFlow's `OrderPlacement` log, ABI-encoded with viem from the contract's published
// interface (CoWSwapEthFlow.sol), never with the modules' decoders: the bench day and the fuzzer
// build the logs ethflow-watcher observes here.
import { type Hex, encodeAbiParameters, encodeEventTopics, keccak256, parseAbi, toHex } from 'viem'

/** The production CoWSwapEthFlow on Sepolia (the ethflow-watcher manifest's address). */
export const ETHFLOW: Hex = '0xbA3cB449bD2B4ADddBc894D8697F5170800EAdeC'

const abi = parseAbi([
  'struct GPv2OrderData { address sellToken; address buyToken; address receiver; uint256 sellAmount; uint256 buyAmount; uint32 validTo; bytes32 appData; uint256 feeAmount; bytes32 kind; bool partiallyFillable; bytes32 sellTokenBalance; bytes32 buyTokenBalance; }',
  'struct OnchainSignature { uint8 scheme; bytes data; }',
  'event OrderPlacement(address indexed sender, GPv2OrderData order, OnchainSignature signature, bytes data)',
])
const [, ORDER, SIGNATURE, DATA] = abi[0].inputs

/** topic 0 of `OrderPlacement(address,(...),(uint8,bytes),bytes)`. */
export const ORDER_PLACEMENT_TOPIC: Hex = encodeEventTopics({ abi, eventName: 'OrderPlacement' })[0]

/** GPv2Order.Data as it travels on chain: the enums as bytes32 markers. */
export interface OnchainOrderData {
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

/** GPv2Order's enum marker: keccak256 of the name (`sell`, `buy`, `erc20`, ...). */
export function gpv2Marker(name: string): Hex {
  let marker = markers.get(name)
  if (marker === undefined) {
    marker = keccak256(toHex(name))
    markers.set(name, marker)
  }
  return marker
}
/** Three names in use: each hashed once per process. */
const markers = new Map<string, Hex>()

/** EthFlow's signature scheme ids (CoWSwapEthFlow's `OnchainSigningScheme`). */
export const ETHFLOW_SCHEME = { eip1271: 0, presign: 1 } as const

export interface OrderPlacement {
  sender: Hex
  order: OnchainOrderData
  signature: { scheme: number; data: Hex }
  /** The quote id and the user's own validTo, as the contract packs them. */
  quoteId: bigint
  userValidTo: number
}

export function orderPlacementLog(p: OrderPlacement): { address: Hex; topics: Hex[]; data: Hex } {
  return {
    address: ETHFLOW,
    topics: encodeEventTopics({ abi, eventName: 'OrderPlacement', args: { sender: p.sender } }) as Hex[],
    data: encodeAbiParameters(
      [ORDER, SIGNATURE, DATA],
      [p.order, p.signature, encodeAbiParameters([{ type: 'int64' }, { type: 'uint32' }], [p.quoteId, p.userValidTo])],
    ),
  }
}
