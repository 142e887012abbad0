// ComposableCoW's `ConditionalOrderCreated` log and the TWAP handler's static input, ABI-encoded
// with viem from the contracts' published interfaces (ComposableCoW.sol, TWAP.sol), never with the
// modules' decoders: the bench day and the fuzzer build the logs twap-monitor indexes here.
import { type Hex, encodeAbiParameters, encodeEventTopics, keccak256, parseAbi } from 'viem'

/** ComposableCoW (same address on every chain). */
export const COMPOSABLE_COW: Hex = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'
/** The TWAP handler (`IConditionalOrder` for TWAP orders). */
export const TWAP_HANDLER: Hex = '0x6cf1e9ca41f7611def408122793c358a3d11e5a5'

const abi = parseAbi([
  'struct ConditionalOrderParams { address handler; bytes32 salt; bytes staticInput; }',
  'event ConditionalOrderCreated(address indexed owner, ConditionalOrderParams params)',
])
const PARAMS = abi[0].inputs[1]

/** topic 0 of `ConditionalOrderCreated(address,(address,bytes32,bytes))`. */
export const CONDITIONAL_ORDER_CREATED_TOPIC: Hex = encodeEventTopics({ abi, eventName: 'ConditionalOrderCreated' })[0]

export interface ConditionalOrderParams {
  handler: Hex
  salt: Hex
  staticInput: Hex
}

/** TWAP.sol's `Data`, the static input of a TWAP conditional order. */
export interface TwapData {
  sellToken: Hex
  buyToken: Hex
  receiver: Hex
  partSellAmount: bigint
  minPartLimit: bigint
  t0: bigint
  n: bigint
  t: bigint
  span: bigint
  appData: Hex
}

const TWAP_DATA = [
  {
    type: 'tuple',
    components: [
      { name: 'sellToken', type: 'address' },
      { name: 'buyToken', type: 'address' },
      { name: 'receiver', type: 'address' },
      { name: 'partSellAmount', type: 'uint256' },
      { name: 'minPartLimit', type: 'uint256' },
      { name: 't0', type: 'uint256' },
      { name: 'n', type: 'uint256' },
      { name: 't', type: 'uint256' },
      { name: 'span', type: 'uint256' },
      { name: 'appData', type: 'bytes32' },
    ],
  },
] as const

export function twapStaticInput(data: TwapData): Hex {
  return encodeAbiParameters(TWAP_DATA, [data])
}

/** ComposableCoW's id of a conditional order: keccak256(abi.encode(params)). */
export function conditionalOrderId(params: ConditionalOrderParams): Hex {
  return keccak256(encodeAbiParameters([PARAMS], [params]))
}

/** The log ComposableCoW emits when `owner` creates the conditional order `params`. */
export function conditionalOrderCreatedLog(
  owner: Hex,
  params: ConditionalOrderParams,
): { address: Hex; topics: Hex[]; data: Hex } {
  return {
    address: COMPOSABLE_COW,
    topics: encodeEventTopics({ abi, eventName: 'ConditionalOrderCreated', args: { owner } }) as Hex[],
    data: encodeAbiParameters([PARAMS], [params]),
  }
}
