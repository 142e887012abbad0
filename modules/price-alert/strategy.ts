// price-alert per block (docs/design.md §8.3): throttle, read the feed, log ok or TRIGGERED.
// Stateless and never fails the dispatch: a bad answer is a warning and the next block re-polls.
import type { Block, ModuleHost } from '../sdk/index.js'
import { blockSeconds } from '../sdk/index.js'
import type { Direction, PriceAlertSettings } from './config.js'
import { readOracleAnswer } from './read-oracle-answer.js'

/** True when `answer` is on the firing side: Above fires at `>=`, Below at `<=`. */
export function fires(answer: bigint, threshold: bigint, direction: Direction): boolean {
  return direction === 'Above' ? answer >= threshold : answer <= threshold
}

/** The Rust engine's `every_n_blocks` throttle: poll only on multiples of N. */
export function isPollBlock(blockNumber: number, everyNBlocks: bigint): boolean {
  return BigInt(blockNumber) % everyNBlocks === 0n
}

export function verdictLine(answer: bigint, s: PriceAlertSettings): { level: 'warn' | 'info'; message: string } {
  const triggered = fires(answer, s.thresholdScaled, s.direction)
  const word = triggered ? 'TRIGGERED' : 'ok'
  return {
    level: triggered ? 'warn' : 'info',
    message: `price-alert: ${word} answer=${answer} threshold=${s.thresholdScaled} (${s.direction})`,
  }
}

export async function onBlock(host: ModuleHost, block: Block, settings: PriceAlertSettings): Promise<void> {
  if (!isPollBlock(block.number, settings.everyNBlocks)) return
  const answer = await readOracleAnswer(host, block.chainId, settings.oracle, {
    nowSec: blockSeconds(block),
    maxAgeSecs: settings.maxPriceAgeSecs,
  })
  if (answer === undefined) return
  const { level, message } = verdictLine(answer, settings)
  host.logging.log(level, message)
}
