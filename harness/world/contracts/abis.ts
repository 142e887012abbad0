// The ABIs the fake node decodes calldata against, one per declared contract kind. Only the
// functions a module can reach through `eth_call`; anything else is a request the world cannot
// answer (recorded as a failure).
import { parseAbi } from 'viem'
import { GPV2_ORDER_TYPES } from '../../orderbook/gpv2-order.js'

/**
 * GPv2Order.Data as the ABI encodes it, from the harness's one field list (the EIP-712 `Order`
 * type; its `string` enums travel as bytes32 markers on chain).
 */
const GPV2_ORDER_DATA_STRUCT = `struct GPv2OrderData { ${GPV2_ORDER_TYPES.Order.map((f) => `${f.type === 'string' ? 'bytes32' : f.type} ${f.name};`).join(' ')} }`

/** Chainlink AggregatorV3Interface, plus the legacy AggregatorInterface reads proxies still serve. */
export const chainlinkAggregatorAbi = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function version() view returns (uint256)',
  'function latestAnswer() view returns (int256)',
  'function latestTimestamp() view returns (uint256)',
  'function latestRound() view returns (uint256)',
])

export const erc20Abi = parseAbi([
  'function balanceOf(address owner) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
  'function name() view returns (string)',
  'function totalSupply() view returns (uint256)',
])

/** ComposableCoW's poll entry point and the IConditionalOrder errors its handlers revert with. */
export const composableCowAbi = parseAbi([
  'struct ConditionalOrderParams { address handler; bytes32 salt; bytes staticInput; }',
  GPV2_ORDER_DATA_STRUCT,
  'function getTradeableOrderWithSignature(address owner, ConditionalOrderParams params, bytes offchainInput, bytes32[] proof) view returns (GPv2OrderData order, bytes signature)',
  'error OrderNotValid(string reason)',
  'error PollTryNextBlock(string reason)',
  'error PollTryAtBlock(uint256 blockNumber, string reason)',
  'error PollTryAtEpoch(uint256 timestamp, string reason)',
  'error PollNever(string reason)',
])
