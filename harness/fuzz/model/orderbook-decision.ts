// The one place the model asks what a module decides on an orderbook answer. It reads the active
// policy file with the harness's own evaluator (harness/orderbook/policy-model.ts, the judge's
// reading of docs/policies.md), never the SDK's classifier.
import { catalogueAnswer } from '../../orderbook/rejection-catalogue.js'
import {
  type PolicyAnswer,
  type PolicyModel,
  type RepeatState,
  policyModel,
  policyVerdict,
} from '../../orderbook/policy-model.js'
import type { PostAnswer } from './fuzz-case.js'

export type ModelDecision = 'submitted' | 'already-submitted' | 'try-next-block' | 'backoff' | 'drop'

export interface ExpectedDecision {
  decision: ModelDecision
  /** Backoff seconds. */
  seconds?: number | undefined
  /** The row said drop-on-repeat: the module remembers its first such rejection. */
  onRepeat?: boolean | undefined
}

/** The engine's orderbook request deadline (`orderbook_timeout_secs`, default 10 s; docs/orderbook.md). */
export const ORDERBOOK_TIMEOUT_SECONDS = 10

/** The answer as the module sees it: no status when it never came within the deadline. */
export function tableAnswerOf(answer: PostAnswer): PolicyAnswer {
  if (answer.kind === 'never' || (answer.delay ?? 0) >= ORDERBOOK_TIMEOUT_SECONDS) return { status: null }
  if (answer.kind === 'status') return { status: answer.status, body: answer.text, retryAfter: answer.retryAfter }
  const sent = catalogueAnswer(answer.name, { status: answer.status, description: answer.description })
  return { status: sent.status, body: sent.body }
}

/** What the policy (default: policies/default.toml) says a module decides on this answer. */
export function expectedDecision(
  answer: PostAnswer,
  policy: PolicyModel = policyModel(),
  repeat?: RepeatState,
): ExpectedDecision {
  const verdict = policyVerdict(policy, tableAnswerOf(answer), repeat)
  const expected: ExpectedDecision = { decision: verdict.decision }
  if (verdict.seconds !== undefined) expected.seconds = verdict.seconds
  if (verdict.action === 'drop-on-repeat') expected.onRepeat = true
  return expected
}
