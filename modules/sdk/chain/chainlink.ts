// Chainlink `latestRoundData()` (selector 0xfeaf968c) over eth_call, with the failure stages kept
// apart so modules can log the Rust engine's lines (docs/design.md §8.3).
import { decodeFunctionResult, encodeFunctionData } from 'viem'
import type { Hex, ModuleHost } from '../../../engine/module-api/index.js'
import { ethCallParams, parseEthCallResult } from './eth-call.js'

export const CHAINLINK_AGGREGATOR_ABI = [
  {
    type: 'function',
    name: 'latestRoundData',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'roundId', type: 'uint80' },
      { name: 'answer', type: 'int256' },
      { name: 'startedAt', type: 'uint256' },
      { name: 'updatedAt', type: 'uint256' },
      { name: 'answeredInRound', type: 'uint80' },
    ],
  },
] as const

export const LATEST_ROUND_DATA_SELECTOR: Hex = '0xfeaf968c'

/** The default Sepolia ETH/USD feed (8 decimals). */
export const SEPOLIA_ETH_USD_FEED: Hex = '0x694AA1769357215DE4FAC081bf1f309aDC325306'

export interface RoundData {
  roundId: bigint
  answer: bigint
  startedAt: bigint
  updatedAt: bigint
  answeredInRound: bigint
}

/**
 * The call answered but could not be read. `stage: 'hex'` — the result is not a JSON hex string
 * (`raw` is its text); `stage: 'abi'` — the bytes do not decode (`detail` says why, e.g. an EOA
 * answering `0x`).
 */
export class ChainlinkDecodeError extends Error {
  override readonly name = 'ChainlinkDecodeError'
  constructor(
    readonly stage: 'hex' | 'abi',
    readonly raw: string,
    readonly detail: string,
  ) {
    super(stage === 'hex' ? `cannot decode result hex ${raw}` : `latestRoundData decode failed: ${detail}`)
  }
}

export function encodeLatestRoundData(): Hex {
  return encodeFunctionData({ abi: CHAINLINK_AGGREGATOR_ABI, functionName: 'latestRoundData' })
}

/** Decodes the return bytes; throws ChainlinkDecodeError('abi') when they do not fit. */
export function decodeLatestRoundData(hex: Hex): RoundData {
  try {
    const [roundId, answer, startedAt, updatedAt, answeredInRound] = decodeFunctionResult({
      abi: CHAINLINK_AGGREGATOR_ABI,
      functionName: 'latestRoundData',
      data: hex,
    })
    return { roundId, answer, startedAt, updatedAt, answeredInRound }
  } catch (error) {
    const detail =
      error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error)
    throw new ChainlinkDecodeError('abi', hex, detail)
  }
}

/**
 * `latestRoundData()` on `oracle` at latest. Rejects with the host's HostError (RPC failure,
 * rethrown unchanged) or a ChainlinkDecodeError (stage 'hex' or 'abi').
 */
export async function readLatestRoundData(
  host: Pick<ModuleHost, 'chain'>,
  chainId: number,
  oracle: Hex,
): Promise<RoundData> {
  const raw = await host.chain.request(chainId, 'eth_call', ethCallParams(oracle, encodeLatestRoundData()))
  const hex = parseEthCallResult(raw)
  if (hex === undefined) throw new ChainlinkDecodeError('hex', raw, 'not a JSON hex string')
  return decodeLatestRoundData(hex)
}
