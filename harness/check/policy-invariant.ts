// The active orderbook policy, judged on the trace (docs/policies.md): once the orderbook answered
// a module's POST, the policy file — read by the judge's own evaluator, never the SDK's — says
// what the module may do next with that order. No POST after the policy's final decision
// (`submitted`, `already-submitted`, `drop`, a drop-on-repeat's repeat), none before its backoff
// expired. Checked for the orders a module takes decisions on (the SDK's submission protocol);
// a fixture module that posts by hand decides nothing and is not held to a policy. A backoff
// that reads Retry-After is checked only when the trace carries no header to read: skipped.
import type { PolicyModel } from '../orderbook/policy-model.js'
import { policyVerdict } from '../orderbook/policy-model.js'
import type { BlockTimes, TracedBlock } from './block-times.js'
import { type TraceEntry, num, str } from './trace-entry.js'
import { type TraceInvariant, type Violation, violation } from './violation.js'

const FINAL = 'no-post-after-policy-final-decision'
const BACKOFF = 'no-post-before-policy-backoff-expired'

interface Post {
  entry: TraceEntry
  uid: string
  chainId: number
}

interface Gate {
  /** The policy's decision and the trace line of the answer it was taken on. */
  decision: string
  line: number
  policyRow: string
  /** backoff: due on the clock (ms) and on block time (s). */
  dueMs?: number | undefined
  dueBlockTime?: number | undefined
}

export class PolicyInvariant implements TraceInvariant {
  readonly #gates = new Map<string, Gate>()
  readonly #firstRejected = new Map<string, number>()
  /** Modules that reported a decision for the order: they follow the submission protocol. */
  readonly #deciding = new Set<string>()
  #unattributed: Post[] = []

  constructor(
    private readonly policy: PolicyModel,
    /** The checker's block times, fed by it before this sees a line. */
    private readonly blocks: BlockTimes,
    private readonly report: (v: Violation) => void,
  ) {}

  observe(entry: TraceEntry): void {
    switch (entry.type) {
      case 'orderbook': {
        const uid = str(entry, 'uid')
        if (str(entry, 'method') === 'POST' && str(entry, 'path')?.endsWith('/api/v1/orders') && uid)
          this.#unattributed.push({ entry, uid: uid.toLowerCase(), chainId: num(entry, 'chainId') ?? 0 })
        return
      }
      case 'decision': {
        const d = entry.fields.decision as Record<string, unknown> | undefined
        if (d && typeof d.uid === 'string') this.#deciding.add(`${str(entry, 'module') ?? ''}\n${d.uid.toLowerCase()}`)
        return
      }
      case 'dispatch':
      case 'module-init': {
        const module = str(entry, 'module') ?? ''
        for (const post of this.#unattributed) this.#judge(module, post, entry)
        this.#unattributed = []
        return
      }
    }
  }

  #judge(module: string, post: Post, dispatch: TraceEntry): void {
    const key = `${module}\n${post.uid}`
    const block = this.#dispatchedBlock(dispatch, post.chainId)
    const gate = this.#gates.get(key)
    if (gate && this.#deciding.has(key)) {
      if (gate.decision !== 'backoff')
        this.report(
          violation(
            FINAL,
            post.entry,
            `${module} posted ${post.uid} again after the ${this.policy.name} policy's ${gate.policyRow} decided ${gate.decision} on the answer at line ${gate.line}`,
          ),
        )
      else {
        const earlyByClock = gate.dueMs !== undefined && post.entry.t < gate.dueMs
        const earlyByBlock =
          gate.dueBlockTime === undefined || block === undefined || block.timestamp < gate.dueBlockTime
        if (earlyByClock && earlyByBlock)
          this.report(
            violation(
              BACKOFF,
              post.entry,
              `${module} posted ${post.uid} before the backoff the ${this.policy.name} policy's ${gate.policyRow} set on the answer at line ${gate.line} expired`,
            ),
          )
      }
    }
    this.#decide(key, post, block)
  }

  /** What the policy makes of this POST's answer, as the gate for the order's next POST. */
  #decide(key: string, post: Post, block: { number: number; timestamp: number } | undefined): void {
    const status = num(post.entry, 'status')
    const errorType = str(post.entry, 'errorType')
    const answer = {
      status: status === undefined || status === 0 ? null : status,
      body: errorType === undefined ? undefined : JSON.stringify({ errorType }),
    }
    const verdict = policyVerdict(this.policy, answer, {
      block: block?.number ?? 0,
      firstRejectedBlock: this.#firstRejected.get(key),
    })
    const policyRow = verdict.row === -1 ? '[default]' : `rule[${verdict.row}]`
    const seen = { line: post.entry.line, policyRow }
    switch (verdict.decision) {
      case 'try-next-block':
        this.#gates.delete(key)
        if (verdict.action === 'drop-on-repeat' && block !== undefined && !this.#firstRejected.has(key))
          this.#firstRejected.set(key, block.number)
        return
      case 'backoff': {
        // A Retry-After the trace does not carry: the judge cannot know the due time.
        const row = verdict.row === -1 ? this.policy.otherwise : this.policy.rows[verdict.row]
        if (row?.retry_after) {
          this.#gates.delete(key)
          return
        }
        const seconds = verdict.seconds ?? 0
        this.#gates.set(key, {
          decision: 'backoff',
          ...seen,
          dueMs: post.entry.t + seconds * 1000,
          dueBlockTime: block === undefined ? undefined : block.timestamp + seconds,
        })
        return
      }
      default:
        this.#gates.set(key, { decision: verdict.decision, ...seen })
        this.#firstRejected.delete(key)
    }
  }

  /** The block a dispatch line names, else the chain's latest traced block. */
  #dispatchedBlock(entry: TraceEntry, chainId: number): TracedBlock | undefined {
    const number = num(entry, 'number')
    const chain = num(entry, 'chainId')
    if (str(entry, 'event') === 'block' && chain !== undefined && number !== undefined) {
      const timestamp = this.blocks.at(chain, number)
      if (timestamp !== undefined) return { number, timestamp }
    }
    return this.blocks.latest(chainId)
  }

  finish(): void {}
}
