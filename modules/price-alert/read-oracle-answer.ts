// The feed's latest answer, or undefined after logging the Rust engine's warning for why there is none.
// An answer at or below 0, or older than max_price_age_secs, is ignored with a warning (issue 9).
import type { Hex, ModuleHost } from '../sdk/index.js'
import { ChainlinkDecodeError, isHostError, oracleAnswerProblem, readLatestRoundData } from '../sdk/index.js'

export async function readOracleAnswer(
  host: ModuleHost,
  chainId: number,
  oracle: Hex,
  freshness: { nowSec: number; maxAgeSecs: number },
): Promise<bigint | undefined> {
  try {
    const round = await readLatestRoundData(host, chainId, oracle)
    const problem = oracleAnswerProblem(round, freshness.nowSec, freshness.maxAgeSecs)
    if (problem === undefined) return round.answer
    host.logging.log('warn', `price-alert: ignoring the oracle's answer: ${problem}`)
    return undefined
  } catch (error) {
    if (isHostError(error)) {
      host.logging.log('warn', `price-alert eth_call failed (${error.code}): ${error.message}`)
    } else if (error instanceof ChainlinkDecodeError) {
      const why =
        error.stage === 'hex'
          ? `cannot decode result hex ${error.raw}`
          : `latestRoundData decode failed: ${error.detail}`
      host.logging.log('warn', `price-alert: ${why}`)
    } else {
      throw error
    }
    return undefined
  }
}
