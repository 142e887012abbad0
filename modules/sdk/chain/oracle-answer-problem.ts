// Whether a Chainlink answer may be acted on. A price feed answering 0 or less is broken, and an
// answer not updated within its heartbeat is stale: a module that trades or alerts on either acts
// on a price that is not the market's (issue 9: stop-loss posted its order on an answer of -1).
import type { RoundData } from './chainlink.js'

/** The Sepolia ETH/USD feed's heartbeat: it updates at least this often. */
export const DEFAULT_MAX_PRICE_AGE_SECS = 3_600

/** Why the answer must be ignored, or undefined when it is usable. `nowSec`: the block's time. */
export function oracleAnswerProblem(round: RoundData, nowSec: number, maxAgeSecs: number): string | undefined {
  if (round.answer <= 0n) return `answer ${round.answer} is not a price (at or below 0)`
  const age = BigInt(Math.floor(nowSec)) - round.updatedAt
  if (age > BigInt(maxAgeSecs))
    return `answer is stale: updated ${age}s before this block (updatedAt=${round.updatedAt}), more than max_price_age_secs=${maxAgeSecs}`
  return undefined
}
