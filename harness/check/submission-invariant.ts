// A module never posts a UID again once it decided `submitted`, `already-submitted` or `drop` for
// it, nor before a `backoff` it decided has expired. Per module: two modules may watch the same
// order. Holds across restarts (the store keeps the markers). A POST is the module's whose
// dispatch (or init) line follows it: dispatch is sequential. And a decision taken on a POST's
// answer names the UID the orderbook computed for that order: a module whose own UID differs
// (a wrong EIP-712 domain, say) would track an order the orderbook does not know. A decision
// answers the POSTs traced since the dispatch's previous decision: a POST that got no answer has
// no orderbook line, so its decision has nothing to compare with, and must not be held against
// an earlier POST of the same dispatch (twap-monitor posts one tranche per watch; found by
// nexum-sim fuzz with real TWAP payloads, issue 13).
// Block time is the time of the block being dispatched (its dispatch line names it), not of the
// latest block traced: a reorg traces every replacement before the first is dispatched, and sends
// older block times again (found by nexum-sim fuzz, issue 13).
import type { BlockTimes } from './block-times.js'
import { type TraceEntry, num, str } from './trace-entry.js'
import { type TraceInvariant, type Violation, violation } from './violation.js'

const NAME = 'no-post-after-final-decision'
const DRIFT = 'decision-names-posted-uid'
const BACKOFF = 'no-post-before-backoff-expired'
const FINAL = new Set(['submitted', 'already-submitted', 'drop'])

interface Post {
  entry: TraceEntry
  uid: string
  chainId: number
  blockTime: number | undefined
}

interface DecisionSeen {
  line: number
  kind: string
  t: number
  blockTime: number | undefined
  backoffSeconds: number | undefined
}

export class SubmissionInvariant implements TraceInvariant {
  readonly #decisions = new Map<string, DecisionSeen[]>()
  #unattributed: Post[] = []
  /** POSTs of the dispatch under way traced since its last decision. */
  #undecided: Post[] = []
  /** Decisions of the dispatch under way: stamped with its block time at its dispatch line. */
  #pendingDecisions: DecisionSeen[] = []

  constructor(
    /** The checker's block times (a reorg's replacement keeps its number's time), fed before this sees a line. */
    private readonly blocks: BlockTimes,
    private readonly report: (v: Violation) => void,
  ) {}

  observe(entry: TraceEntry): void {
    switch (entry.type) {
      case 'orderbook': {
        const uid = str(entry, 'uid')
        const chainId = num(entry, 'chainId') ?? 0
        if (str(entry, 'method') === 'POST' && str(entry, 'path')?.endsWith('/api/v1/orders') && uid) {
          const post: Post = {
            entry,
            uid: uid.toLowerCase(),
            chainId,
            blockTime: this.blocks.latest(chainId)?.timestamp,
          }
          this.#unattributed.push(post)
          this.#undecided.push(post)
        }
        return
      }
      case 'decision': {
        const module = str(entry, 'module') ?? ''
        const d = entry.fields.decision as Record<string, unknown> | undefined
        if (!d || typeof d.uid !== 'string') return
        // The decision answers the POSTs traced since the previous one (the orderbook's UIDs);
        // none traced (no answer came): nothing to compare.
        const posted = this.#undecided.map((p) => p.uid)
        this.#undecided = []
        if (posted.length > 0 && !posted.includes(d.uid.toLowerCase()))
          this.report(
            violation(
              DRIFT,
              entry,
              `${module} decided ${String(d.decision)} for ${d.uid.toLowerCase()}, but the orderbook computed ${posted.join(', ')} for what it posted`,
            ),
          )
        const key = `${module}\n${d.uid.toLowerCase()}`
        const list = this.#decisions.get(key) ?? []
        // The block time of the chain the module last posted on, else any chain's latest.
        const chainId = this.#unattributed.at(-1)?.chainId
        const seen: DecisionSeen = {
          line: entry.line,
          kind: String(d.decision),
          t: entry.t,
          blockTime: chainId !== undefined ? this.blocks.latest(chainId)?.timestamp : undefined,
          backoffSeconds: typeof d.backoffSeconds === 'number' ? d.backoffSeconds : undefined,
        }
        list.push(seen)
        this.#pendingDecisions.push(seen)
        this.#decisions.set(key, list)
        return
      }
      case 'dispatch':
      case 'module-init': {
        const module = str(entry, 'module') ?? ''
        const blockTime = this.#dispatchedBlockTime(entry)
        if (blockTime !== undefined) {
          for (const post of this.#unattributed) post.blockTime = blockTime
          for (const d of this.#pendingDecisions) d.blockTime = blockTime
        }
        for (const post of this.#unattributed) this.#check(module, post)
        this.#unattributed = []
        this.#undecided = []
        this.#pendingDecisions = []
        return
      }
    }
  }

  #check(module: string, post: Post): void {
    const earlier = (this.#decisions.get(`${module}\n${post.uid}`) ?? []).filter((d) => d.line < post.entry.line)
    const final = earlier.find((d) => FINAL.has(d.kind))
    if (final) {
      this.report(
        violation(
          NAME,
          post.entry,
          `${module} posted ${post.uid} again after deciding ${final.kind} (line ${final.line})`,
        ),
      )
      return
    }
    const backoff = earlier.filter((d) => d.kind === 'backoff').at(-1)
    if (!backoff || backoff.backoffSeconds === undefined) return
    const dueMs = backoff.t + backoff.backoffSeconds * 1000
    const dueBlock = backoff.blockTime === undefined ? undefined : backoff.blockTime + backoff.backoffSeconds
    // Modules may count on the virtual clock or on block time: early by both is a violation.
    const earlyByClock = post.entry.t < dueMs
    const earlyByBlock = dueBlock === undefined || post.blockTime === undefined || post.blockTime < dueBlock
    if (earlyByClock && earlyByBlock)
      this.report(
        violation(
          BACKOFF,
          post.entry,
          `${module} posted ${post.uid} ${(dueMs - post.entry.t) / 1000} s before the ${backoff.backoffSeconds} s backoff it decided (line ${backoff.line}) expired`,
        ),
      )
  }

  /** The time of the block a dispatch line names (a block event's own number), if traced. */
  #dispatchedBlockTime(entry: TraceEntry): number | undefined {
    const chainId = num(entry, 'chainId')
    const number = num(entry, 'number')
    if (str(entry, 'event') !== 'block' || chainId === undefined || number === undefined) return undefined
    return this.blocks.at(chainId, number)
  }

  finish(): void {}
}
