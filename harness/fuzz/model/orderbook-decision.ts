// The one place the model asks what a module decides on an orderbook answer. It reads the
// harness's own decision table (harness/orderbook/decision-table.ts, the judge's reading of
// docs/orderbook.md), never the SDK's classifier: when the active table becomes a policy file
// (issue 16), this function is what gets re-pointed.
import { BaseError } from '../../../engine/errors/base-error.js'
import { catalogueAnswer } from '../../orderbook/rejection-catalogue.js'
import { type TableAnswer, tableVerdict } from '../../orderbook/decision-table.js'
import type { PostAnswer } from './fuzz-case.js'

export type ModelDecision = 'submitted' | 'already-submitted' | 'try-next-block' | 'backoff' | 'drop'

export interface ExpectedDecision {
  decision: ModelDecision
  /** Backoff seconds. */
  seconds?: number | undefined
}

/** The engine's orderbook request deadline (`orderbook_timeout_secs`, default 10 s; docs/orderbook.md). */
export const ORDERBOOK_TIMEOUT_SECONDS = 10

/** The answer as the module sees it: no status when it never came within the deadline. */
export function tableAnswerOf(answer: PostAnswer): TableAnswer {
  if (answer.kind === 'never' || (answer.delay ?? 0) >= ORDERBOOK_TIMEOUT_SECONDS) return { status: null }
  if (answer.kind === 'status') return { status: answer.status, body: answer.text, retryAfter: answer.retryAfter }
  const sent = catalogueAnswer(answer.name, { status: answer.status, description: answer.description })
  return { status: sent.status, body: sent.body }
}

/** A generated answer the decision table has no row for: a hole in the table, not in the engine. */
export class DecisionTableGap extends BaseError {
  override readonly name = 'DecisionTableGap'
}

/** What the decision table says a module decides on this answer. */
export function expectedDecision(answer: PostAnswer): ExpectedDecision {
  const verdict = tableVerdict(tableAnswerOf(answer))
  // Every generated answer has a row; a missing one is a hole in the table, so say which.
  if (verdict === undefined) throw new DecisionTableGap(`the decision table has no row for ${JSON.stringify(answer)}`)
  return { decision: verdict.decision, seconds: verdict.seconds }
}
