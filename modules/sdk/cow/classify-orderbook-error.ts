// The orderbook decision table: a failed `submitOrder` → one decision, by the policy the engine
// hands the module (host.orderbookPolicy, a policies/*.toml file; docs/policies.md). Rows are
// tried in order, the first that matches decides, the policy's `[default]` covers the rest.
// Pure: the caller persists the decision (decision-store.ts), remembers drop-on-repeat
// rejections (post-order.ts) and logs it.
import {
  MAX_RETRY_AFTER_SECONDS,
  type OrderbookPolicy,
  type PolicyAction,
  type PolicyOutcome,
  type PolicyRule,
  type PolicyStatus,
  parseOrderbookErrorBody,
} from '../../../engine/module-api/index.js'

/** What the module does with the order UID next. */
export type OrderbookDecision =
  | { decision: 'try-next-block' }
  | { decision: 'backoff'; seconds: number }
  | { decision: 'drop' }
  | { decision: 'already-submitted' }

/** What a classification knows besides the decision. */
export interface ClassificationDetail {
  /** The HTTP status (0 = no answer: transport failure or timeout). */
  status: number
  /** The envelope's `errorType`, when the body was the envelope. */
  errorType?: string | undefined
  /** The envelope's `description`, for log lines. */
  description?: string | undefined
  /** What the policy's row said (`drop-on-repeat` resolves to try-next-block or drop). */
  action: PolicyAction
  /** The deciding row's index in the policy's `rule` list; -1 = the policy's `[default]`. */
  rule: number
  /** The policy's name, for log lines. */
  policy: string
  /** True when an envelope's errorType matched no row (the `[default]` decided). */
  unknownType?: boolean | undefined
  /**
   * True for a 422: the orderbook could not read the JSON we sent (its plain-text body, cut to
   * MAX_BODY_CHARS, is the `description`). Our bug: modules log it at error level.
   */
  malformedRequest?: boolean | undefined
}

export type OrderbookClassification = OrderbookDecision & ClassificationDetail

/** A plain-text 422 body is cut to this many characters in `description`. */
export const MAX_BODY_CHARS = 300

/**
 * The failure as the cow-api host reports it: a HostError, or anything shaped like one.
 * `retryAfterSeconds` is read structurally (the engine's CowApiError carries it on a 429).
 */
export interface OrderbookFailure {
  code: number
  data?: string | undefined | null
  kind?: string | undefined
  message?: string | undefined
  retryAfterSeconds?: number | undefined
}

/**
 * For `drop-on-repeat`: the block of this attempt and of the order's first such rejection
 * (undefined = none yet). Without it, every drop-on-repeat rejection counts as the first.
 */
export interface RepeatMemory {
  block: number
  firstRejectedBlock?: number | undefined
}

/**
 * The seconds the engine read from the answer's Retry-After header (its one parser,
 * engine/host/retry-after.ts), still checked and clamped: a module trusts no value it is given.
 */
function hostRetryAfter(failure: OrderbookFailure): number | undefined {
  const seconds = failure.retryAfterSeconds
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined
  return Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS)
}

/** Does a row's status item cover this code? Anything not an HTTP status is `transport`. */
export function statusMatches(item: PolicyStatus, code: number): boolean {
  const http = Number.isInteger(code) && code >= 100 && code <= 599
  if (item === 'transport') return !http
  if (!http) return false
  if (typeof item === 'number') return item === code
  return Math.floor(code / 100) === Number(item[0])
}

function ruleMatches(rule: PolicyRule, code: number, errorType: string | undefined): boolean {
  if (!rule.status.some((s) => statusMatches(s, code))) return false
  if (rule.body === 'envelope' && errorType === undefined) return false
  if (rule.body === 'not-envelope' && errorType !== undefined) return false
  return rule.errorTypes === undefined || (errorType !== undefined && rule.errorTypes.includes(errorType))
}

export function classifyOrderbookError(
  failure: OrderbookFailure,
  policy: OrderbookPolicy,
  repeat?: RepeatMemory,
): OrderbookClassification {
  const status = failure.code
  const envelope = parseOrderbookErrorBody(failure.data)
  const index = policy.rules.findIndex((r) => ruleMatches(r, status, envelope?.errorType))
  const outcome: PolicyOutcome = index === -1 ? policy.otherwise : (policy.rules[index] as PolicyRule)
  const classification: OrderbookClassification = {
    ...decide(outcome, failure, repeat),
    status,
    errorType: envelope?.errorType,
    description: envelope?.description,
    action: outcome.action,
    rule: index,
    policy: policy.name,
  }
  if (index === -1 && envelope !== undefined) classification.unknownType = true
  // The server could not read the JSON we sent: whatever the policy does, it is our bug.
  if (status === 422) {
    classification.malformedRequest = true
    if (envelope === undefined) classification.description = (failure.data ?? '').slice(0, MAX_BODY_CHARS)
  }
  return classification
}

function decide(outcome: PolicyOutcome, failure: OrderbookFailure, repeat: RepeatMemory | undefined) {
  switch (outcome.action) {
    case 'backoff': {
      const header = outcome.retryAfter === true ? hostRetryAfter(failure) : undefined
      return { decision: 'backoff' as const, seconds: header ?? outcome.seconds ?? 0 }
    }
    case 'drop-on-repeat': {
      const first = repeat?.firstRejectedBlock
      const repeated = repeat !== undefined && first !== undefined && repeat.block - first >= (outcome.graceBlocks ?? 1)
      return repeated ? { decision: 'drop' as const } : { decision: 'try-next-block' as const }
    }
    case 'submitted':
    case 'already-submitted':
      // An error answer a policy reads as "the order is on the book".
      return { decision: 'already-submitted' as const }
    case 'try-next-block':
      return { decision: 'try-next-block' as const }
    case 'drop':
      return { decision: 'drop' as const }
  }
}
