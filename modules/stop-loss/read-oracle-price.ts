// The feed's latest answer for stop-loss. An RPC failure is the Rust engine's warning; an answer that
// does not decode skips the block silently, as the Rust engine did (docs/design.md §8.5 step 1).
// An answer at or below 0, or older than max_price_age_secs, is ignored with a warning (issue 9).
import type { Hex, ModuleHost } from '../sdk/index.js'
import { ChainlinkDecodeError, isHostError, oracleAnswerProblem, readLatestRoundData } from '../sdk/index.js'

export async function readOraclePrice(
  host: ModuleHost,
  chainId: number,
  oracle: Hex,
  freshness: { nowSec: number; maxAgeSecs: number },
): Promise<bigint | undefined> {
  try {
    const round = await readLatestRoundData(host, chainId, oracle)
    const problem = oracleAnswerProblem(round, freshness.nowSec, freshness.maxAgeSecs)
    if (problem === undefined) return round.answer
    host.logging.log('warn', `stop-loss: ignoring the oracle's answer: ${problem}`)
    return undefined
  } catch (error) {
    if (isHostError(error)) {
      host.logging.log('warn', `stop-loss oracle eth_call failed (${error.code}): ${error.message}`)
      return undefined
    }
    if (error instanceof ChainlinkDecodeError) return undefined
    throw error
  }
}
