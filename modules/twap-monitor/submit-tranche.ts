// A ready tranche: build it, skip it when its UID is already settled (COW-1085: a placed tranche is
// not posted again), post it, and act on the orderbook's answer per docs/orderbook.md.
// Every answer is persisted and reported through the SDK decision store; the watch-level effects
// are the Rust engine's (docs/design.md §8.6): backoff gates the watch, drop removes it.
import type { Block, GPv2OrderData, Hex, ModuleHost, OrderbookClassification } from '../sdk/index.js'
import { blockSeconds, postOrder } from '../sdk/index.js'
import { dropWatch, setNextEpoch } from './poll-gates.js'
import { TrancheBuildError, type TrancheOrder, buildTrancheOrder } from './tranche-order.js'
import type { WatchId } from './watch-keys.js'

type Line = { level: 'info' | 'warn' | 'error'; message: string }

export interface ReadyTranche {
  key: string
  id: WatchId
  order: GPv2OrderData
  signature: Hex
}

/**
 * The line for a failed post, by the classifier's decision (`nextEpoch` only for backoff).
 * `DuplicatedOrder` means the tranche is on the book: it reads as a submission.
 */
export function failureLine(
  uid: Hex,
  outcome: OrderbookClassification,
  code: number,
  message: string,
  nextEpoch?: number,
): Line {
  switch (outcome.decision) {
    case 'already-submitted':
      return { level: 'info', message: `submitted submitted:${uid}` }
    case 'try-next-block':
      return { level: 'warn', message: `submit retry-next-block (${code}): ${message}` }
    case 'backoff': {
      const line = `submit backoff ${outcome.seconds}s -> next_epoch=${nextEpoch} (${code}): ${message}`
      // An errorType the table does not know: a newer server. Loud, but the watch neither
      // retries every block nor vanishes.
      return outcome.unknownType === true
        ? { level: 'error', message: `${line} [unknown orderbook errorType ${JSON.stringify(outcome.errorType)}]` }
        : { level: 'warn', message: line }
    }
    case 'drop':
      return outcome.malformedRequest === true
        ? {
            level: 'error',
            message: `submit dropped watch (${code}): the orderbook could not read the order we sent: ${outcome.description ?? ''}`,
          }
        : { level: 'warn', message: `submit dropped watch (${code}): ${message}` }
  }
}

export async function submitTranche(host: ModuleHost, block: Block, tranche: ReadyTranche): Promise<void> {
  const log = (line: Line) => host.logging.log(line.level, line.message)
  const { key, id } = tranche

  let built: TrancheOrder
  try {
    built = buildTrancheOrder(block.chainId, id.owner, tranche.order, tranche.signature)
  } catch (error) {
    if (!(error instanceof TrancheBuildError)) throw error
    log({ level: 'warn', message: `twap submit skipped for ${id.owner}: ${error.message}` })
    return
  }
  const { uid, body } = built
  const nowSec = blockSeconds(block)

  // Store errors from here on propagate: the rest of this block's scan is abandoned, as in the Rust engine.
  const result = await postOrder(host, block.chainId, uid, body, { nowSec, number: block.number })
  if (!result.posted) {
    const gate = result.gate
    const why =
      gate.reason === 'submitted'
        ? 'already submitted'
        : gate.reason === 'dropped'
          ? 'previously dropped'
          : `backing off until ${gate.dueSec}`
    log({ level: 'info', message: `tranche ${uid} ${why}; skipping` })
    return
  }
  if (!result.accepted) {
    const { outcome, error } = result
    let nextEpoch: number | undefined
    if (outcome.decision === 'backoff') {
      const due = nowSec + outcome.seconds
      nextEpoch = due
      await setNextEpoch(host, id, BigInt(due))
    } else if (outcome.decision === 'drop') {
      await dropWatch(host, key, id)
    }
    log(failureLine(uid, outcome, error.code, error.message, nextEpoch))
    return
  }
  if (result.serverUid.toLowerCase() !== uid)
    log({ level: 'warn', message: `twap uid drift: local=${uid} server=${result.serverUid}` })
  log({ level: 'info', message: `submitted submitted:${uid}` })
}
