// stop-loss per block (docs/design.md §8.5, acting on the decision table of docs/orderbook.md):
// read the feed; at or below the trigger, post the one pre-signed order unless its UID is settled
// or backing off; then persist and report what the orderbook's answer decided.
// Time is the block's (header seconds), never the clock, so a replay decides exactly as the run.
import type { Block, Hex, ModuleHost, SubmissionOutcome } from '../sdk/index.js'
import { blockSeconds, isHostError, postOrder } from '../sdk/index.js'
import type { StopLossSettings } from './config.js'
import { readOraclePrice } from './read-oracle-price.js'
import { type StopLossSubmission, buildSubmission } from './stop-loss-order.js'

type Line = { level: 'info' | 'warn' | 'error'; message: string }

/** The Rust engine's idle rule: only a price strictly above the trigger waits. */
export function isTriggered(price: bigint, trigger: bigint): boolean {
  return price <= trigger
}

/** The line for a failed submission, by the decision the classifier made. */
export function failureLine(
  uid: Hex,
  outcome: Exclude<SubmissionOutcome, { decision: 'submitted' }>,
  code: number,
  message: string,
): Line {
  switch (outcome.decision) {
    case 'already-submitted':
      return {
        level: 'info',
        message: `stop-loss: ${uid} already submitted (orderbook: ${outcome.errorType ?? 'DuplicatedOrder'})`,
      }
    case 'try-next-block':
      return { level: 'warn', message: `stop-loss retry on next block (${code}): ${message}` }
    case 'backoff':
      // An errorType the table does not know: a newer server. Loud, but the order neither
      // retries every block nor vanishes.
      return outcome.unknownType === true
        ? {
            level: 'error',
            message: `stop-loss backoff ${outcome.seconds}s (${code}): ${message} [unknown orderbook errorType ${JSON.stringify(outcome.errorType)}]`,
          }
        : { level: 'warn', message: `stop-loss backoff ${outcome.seconds}s (${code}): ${message}` }
    case 'drop':
      return outcome.malformedRequest === true
        ? {
            level: 'error',
            message: `stop-loss dropped ${uid} (${code}): the orderbook could not read the order we sent: ${outcome.description ?? ''}`,
          }
        : { level: 'warn', message: `stop-loss dropped ${uid} (${code}): ${message}` }
  }
}

export async function onBlock(host: ModuleHost, block: Block, settings: StopLossSettings): Promise<void> {
  const log = (line: Line) => host.logging.log(line.level, line.message)
  const price = await readOraclePrice(host, block.chainId, settings.oracle, {
    nowSec: blockSeconds(block),
    maxAgeSecs: settings.maxPriceAgeSecs,
  })
  if (price === undefined) return
  if (!isTriggered(price, settings.triggerScaled)) {
    log({ level: 'info', message: `stop-loss idle: price=${price} > trigger=${settings.triggerScaled}` })
    return
  }

  let submission: StopLossSubmission
  try {
    submission = buildSubmission(block.chainId, settings)
  } catch (error) {
    if (!isHostError(error)) throw error
    log({ level: 'warn', message: `stop-loss skipped (build): ${error.toString()}` })
    return
  }
  const { uid, body } = submission
  const nowSec = blockSeconds(block)

  // Store errors from here on propagate: the dispatch fails with the host's error.
  const result = await postOrder(host, block.chainId, uid, body, { nowSec, number: block.number })
  if (!result.posted) {
    const gate = result.gate
    const why =
      gate.reason === 'submitted'
        ? 'already submitted, idle'
        : gate.reason === 'dropped'
          ? 'previously dropped, idle'
          : `backing off until ${gate.dueSec}`
    log({ level: 'info', message: `stop-loss: ${uid} ${why}` })
    return
  }
  if (!result.accepted) {
    log(failureLine(uid, result.outcome, result.error.code, result.error.message))
    return
  }
  const { serverUid } = result
  if (serverUid !== uid) log({ level: 'warn', message: `stop-loss uid drift: local=${uid} server=${serverUid}` })
  log({
    level: 'warn',
    message: `stop-loss TRIGGERED: price=${price} <= trigger=${settings.triggerScaled}, uid=${serverUid}`,
  })
}
