// A Chainlink price feed whose latest round is the declared one.
import type { Hex } from '../../../engine/module-api/index.js'
import type { ChainlinkAggregatorDecl } from '../../scenario/types.js'
import { chainlinkAggregatorAbi as abi } from './abis.js'
import type { CallContext, CallOutcome } from './call-outcome.js'
import { decodeCall, returning } from './decode-call.js'

/** What deployed EACAggregatorProxy feeds answer to `version()`. */
const AGGREGATOR_VERSION = 4n

export function answerChainlinkAggregator(decl: ChainlinkAggregatorDecl, data: Hex, context: CallContext): CallOutcome {
  const decoded = decodeCall(abi, data, 'chainlink-aggregator')
  if (!decoded.ok) return decoded.outcome
  // Default: the round was updated at the current head, i.e. the feed is fresh.
  const updatedAt = decl.updatedAt ?? BigInt(context.headTimestamp)
  const name = decoded.call.functionName
  switch (name) {
    case 'latestRoundData':
      return decl.updatedAt === undefined
        ? stampedRound(decl, updatedAt)
        : returning(abi, name, [decl.roundId, decl.answer, updatedAt, updatedAt, decl.roundId])
    case 'decimals':
      return returning(abi, name, decl.decimals)
    case 'description':
      return returning(abi, name, decl.description)
    case 'version':
      return returning(abi, name, AGGREGATOR_VERSION)
    case 'latestAnswer':
      return returning(abi, name, decl.answer)
    case 'latestTimestamp':
      return returning(abi, name, updatedAt, decl.updatedAt === undefined)
    case 'latestRound':
      return returning(abi, name, decl.roundId)
  }
}

const UINT256_END = 1n << 256n

/**
 * The encoded round with zero times, per declaration, with the round and answer it was encoded
 * from: a step that changes the feed's answer (or a new declaration) encodes it again. Saves the
 * encoder memo's text key (`flatKey` of five values) every block (decision 0231).
 */
interface Template {
  roundId: bigint
  answer: bigint
  outcome: CallOutcome
}
const templates = new WeakMap<ChainlinkAggregatorDecl, Template>()

function templateOf(decl: ChainlinkAggregatorDecl): CallOutcome {
  const known = templates.get(decl)
  if (known !== undefined && known.roundId === decl.roundId && known.answer === decl.answer) return known.outcome
  // Kept here, so not in the encoder's memo too (`changes`).
  const outcome = returning(abi, 'latestRoundData', [decl.roundId, decl.answer, 0n, 0n, decl.roundId], true)
  templates.set(decl, { roundId: decl.roundId, answer: decl.answer, outcome })
  return outcome
}

/**
 * `latestRoundData()` of a round stamped with the head's time: new every block. viem encodes the
 * declared words once (memoised, with zero times); the two time words are written into a copy.
 * A time a uint256 cannot hold goes to viem whole, which refuses it as before.
 */
function stampedRound(decl: ChainlinkAggregatorDecl, updatedAt: bigint): CallOutcome {
  if (updatedAt < 0n || updatedAt >= UINT256_END)
    return returning(abi, 'latestRoundData', [decl.roundId, decl.answer, updatedAt, updatedAt, decl.roundId], true)
  const template = templateOf(decl)
  if (template.kind !== 'return') return template
  const word = updatedAt.toString(16).padStart(64, '0')
  // 0x, then five 32-byte words: roundId, answer, startedAt, updatedAt, answeredInRound.
  return { kind: 'return', data: `${template.data.slice(0, 130)}${word}${word}${template.data.slice(258)}` as Hex }
}
