// The submission protocol of docs/orderbook.md, in one place: never post a UID that is
// submitted or dropped, never before its backoff is due, post it, classify a rejection, and
// persist and report every decision. Modules keep only their own wording and side effects.
import { isHostError, type HostError, type Hex, type ModuleHost } from '../../engine/module-api/index.js'
import { classifyOrderbookError, type OrderbookClassification } from './cow/classify-orderbook-error.js'
import { firstRejectedBlock, recordDecision, submissionGate, type SubmissionGate } from './decision-store.js'

export type PostOrderResult =
  /** Not posted: the UID is settled or backing off. */
  | { posted: false; gate: Exclude<SubmissionGate, { post: true }> }
  /** 201; the decision `submitted` is recorded under the local UID (the one the gate checks). */
  | { posted: true; accepted: true; serverUid: string }
  /** Any other answer (or none): classified, recorded and reported. */
  | { posted: true; accepted: false; outcome: OrderbookClassification; error: HostError }

/** The block a submission happens in: its time decides backoffs, its number drop-on-repeat. */
export interface SubmissionBlock {
  /** Unix seconds of the block (not the clock), so a replay decides the same way. */
  nowSec: number
  number: number
}

/**
 * Classifies a rejection by `host.orderbookPolicy` (docs/policies.md). Store errors propagate
 * (the dispatch fails with the host's error); a non-HostError from the host is a trap.
 */
export async function postOrder(
  host: ModuleHost,
  chainId: number,
  uid: Hex,
  body: unknown,
  at: SubmissionBlock,
): Promise<PostOrderResult> {
  const { nowSec } = at
  const gate = await submissionGate(host, uid, nowSec)
  if (!gate.post) return { posted: false, gate }
  let serverUid: string
  try {
    serverUid = await host.cowApi.submitOrder(chainId, JSON.stringify(body))
  } catch (error) {
    if (!isHostError(error)) throw error
    const repeat = { block: at.number, firstRejectedBlock: await firstRejectedBlock(host, uid) }
    const outcome = classifyOrderbookError(error, host.orderbookPolicy, repeat)
    await recordDecision(host, uid, outcome, nowSec, at.number)
    return { posted: true, accepted: false, outcome, error }
  }
  await recordDecision(host, uid, { decision: 'submitted', status: 201 }, nowSec)
  return { posted: true, accepted: true, serverUid }
}
