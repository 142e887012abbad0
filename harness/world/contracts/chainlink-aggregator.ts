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
      return returning(
        abi,
        name,
        [decl.roundId, decl.answer, updatedAt, updatedAt, decl.roundId],
        decl.updatedAt === undefined,
      )
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
