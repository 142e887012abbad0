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

/** The calldata never changes: encoded once, on first use. */
let latestRoundDataCall: Hex | undefined

export function encodeLatestRoundData(): Hex {
  latestRoundDataCall ??= encodeFunctionData({ abi: CHAINLINK_AGGREGATOR_ABI, functionName: 'latestRoundData' })
  return latestRoundDataCall
}

/** `0x` and hex digits only. */
const HEX_TEXT = /^0x[0-9a-fA-F]*$/
/** `0x` and five 32-byte words. */
const FIVE_WORDS_LENGTH = 2 + 5 * 64

/**
 * Five 32-byte words (the outputs) or more, as hex: the shape every answering feed returns. The
 * same texts as `/^0x(?:[0-9a-fA-F]{2}){160,}$/`, whose counted group cost a feed read ~0.5 µs
 * (two reads a block on the day), against a length check and one character class (decision 0240).
 */
export function isFiveWordsOrMore(hex: string): boolean {
  return hex.length >= FIVE_WORDS_LENGTH && hex.length % 2 === 0 && HEX_TEXT.test(hex)
}
const INT256_SIGN = 1n << 255n
const TWO_256 = 1n << 256n

/**
 * Decodes the return bytes; throws ChainlinkDecodeError('abi') when they do not fit. Five words
 * or more (every feed's answer) are read word by word, as viem reads them: a uint80 is the whole
 * word, the int256 two's complement, bytes past the fifth word ignored. Anything else (too short,
 * odd length) goes through viem, whose error text the module logs. A feed is read every block
 * by two of the M3 modules; viem's generic decoder cost ~5 % of a day (decision 0212).
 */
export function decodeLatestRoundData(hex: Hex): RoundData {
  if (isFiveWordsOrMore(hex)) {
    const word = (i: number) => BigInt(`0x${hex.slice(2 + i * 64, 66 + i * 64)}`)
    const answer = word(1)
    return {
      roundId: word(0),
      answer: answer >= INT256_SIGN ? answer - TWO_256 : answer,
      startedAt: word(2),
      updatedAt: word(3),
      answeredInRound: word(4),
    }
  }
  return decodeWithViem(hex)
}

/** viem's decoder: the reference, and the path for data that is not five words. */
export function decodeWithViem(hex: Hex): RoundData {
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
