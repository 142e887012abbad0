// The submission protocol every posting module follows (docs/orderbook.md, decision 0042), as the
// model keeps it: per (module, UID) gates that survive restarts (settled, or backing off until a
// block time), the orderbook's scripted first answers, then the working fake orderbook (its own
// validation, 201, DuplicatedOrder for a UID it holds), and the decision the policy gives.
import type { PolicyModel } from '../../orderbook/policy-model.js'
import type { PostAnswer } from './fuzz-case.js'
import { type ModelDecision, ORDERBOOK_TIMEOUT_SECONDS, expectedDecision } from './orderbook-decision.js'

/** A gate on one UID in one module's store. */
type Gate = { kind: 'settled' } | { kind: 'backoff'; dueSec: number }

export type Submission =
  | { posted: false; gate: 'settled' | 'backoff' }
  | { posted: true; decision: ModelDecision; seconds?: number | undefined }

/** A scripted answer's coverage item. */
function answerKind(a: PostAnswer): string {
  if (a.kind === 'never' || (a.delay ?? 0) >= ORDERBOOK_TIMEOUT_SECONDS) return 'ob-timeout'
  if (a.kind === 'status') return a.status === 429 ? 'ob-429' : 'ob-5xx'
  return a.status !== undefined ? 'ob-reject-restatused' : 'ob-reject'
}

export class SubmissionModel {
  /** POSTs of orders, and how many the orderbook answered 201. */
  readonly counts = { posts: 0, accepted: 0 }
  readonly #answers: PostAnswer[]
  /** UIDs on the book (one book per orderbook: modules share it). */
  readonly #book = new Set<string>()
  readonly #gates = new Map<string, Gate>()
  /** drop-on-repeat: the block of each order's first such rejection (the module's `repeat:<uid>`). */
  readonly #firstRejected = new Map<string, number>()

  constructor(
    answers: readonly PostAnswer[],
    readonly policy: PolicyModel,
    readonly faults: Set<string>,
  ) {
    this.#answers = [...answers]
  }

  /**
   * `module` posts `uid` (unique per chain and order) in the block `block` at `ts`; `refusal` is the
   * catalogue rejection the working fake orderbook's own validation gives this order, if any.
   */
  submit(module: string, uid: string, ts: number, block: number, refusal?: string): Submission {
    const key = `${module}|${uid}`
    const gate = this.#gates.get(key)
    if (gate?.kind === 'settled') return { posted: false, gate: 'settled' }
    if (gate?.kind === 'backoff' && ts < gate.dueSec) return { posted: false, gate: 'backoff' }
    this.counts.posts++
    const scripted = this.#answers.shift()
    let decided: { decision: ModelDecision; seconds?: number | undefined }
    if (scripted !== undefined) this.faults.add(answerKind(scripted))
    const answer: PostAnswer | undefined =
      scripted ?? (refusal !== undefined ? { kind: 'reject', name: refusal } : undefined)
    if (answer === undefined) {
      decided = this.#book.has(uid) ? { decision: 'already-submitted' } : { decision: 'submitted' }
      if (!this.#book.has(uid)) this.counts.accepted++
      this.#book.add(uid)
    } else {
      const expected = expectedDecision(answer, this.policy, {
        block,
        firstRejectedBlock: this.#firstRejected.get(key),
      })
      decided = expected
      if (expected.onRepeat && expected.decision === 'try-next-block' && !this.#firstRejected.has(key))
        this.#firstRejected.set(key, block)
      if (decided.decision === 'submitted') this.counts.accepted++
    }
    this.faults.add(`decision-${decided.decision}`)
    if (decided.decision === 'submitted' || decided.decision === 'already-submitted' || decided.decision === 'drop') {
      this.#gates.set(key, { kind: 'settled' })
      this.#firstRejected.delete(key)
    } else if (decided.decision === 'backoff')
      this.#gates.set(key, { kind: 'backoff', dueSec: ts + (decided.seconds ?? 600) })
    return { posted: true, ...decided }
  }
}
