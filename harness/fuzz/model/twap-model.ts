// twap-monitor as the model sees it (docs/fuzzing.md, "What the model knows of twap-monitor"):
// a `ConditionalOrderCreated` log that decodes indexes a watch; every block polls each watch, in
// key order, unless a gate holds it back; the contract's answer sets a gate, drops the watch, or
// hands out a tranche, which is posted through the submission protocol unless its app data is not
// the empty document (the module cannot build the order) or its UID is settled or backing off.
import type { ChainId, TwapOrder, TwapPoll } from './fuzz-case.js'
import { pollBlock, pollEpoch, twapOwner, twapWatchKey } from './cow-payloads.js'
import type { ModelDecision } from './orderbook-decision.js'
import type { SubmissionModel } from './order-submission.js'

/** One `polls` rule of the world's ComposableCoW: the TWAP it was written for (used once, or `times`). */
export interface PollRule {
  twap: number
  owner: string
  poll: TwapPoll
}

/** The world's poll rules, in order; after them every poll is try-next-block. */
export function pollRules(twaps: readonly TwapOrder[]): PollRule[] {
  return twaps.flatMap((t, twap) => t.polls.map((poll) => ({ twap, owner: twapOwner(t), poll })))
}

/**
 * The world's ComposableCoW on one chain: which rule answers the next poll for an owner (first
 * unused match). Every chain declares its own, so each chain counts its rules' uses apart (found
 * by nexum-sim fuzz: a watch indexed from one chain's log is polled on every chain's blocks).
 */
export class ComposableCowModel {
  readonly #left: number[]
  constructor(readonly rules: readonly PollRule[]) {
    this.#left = rules.map((r) => (r.poll.outcome === 'ready' ? r.poll.times : 1))
  }
  take(owner: string): PollRule | undefined {
    const i = this.rules.findIndex((r, k) => (this.#left[k] as number) > 0 && r.owner === owner)
    if (i < 0) return undefined
    this.#left[i] = (this.#left[i] as number) - 1
    return this.rules[i]
  }
}

interface Watch {
  twap: number
  owner: string
}

/** One twap-monitor module's store (it outlives restarts) and what it did. */
export class TwapMonitorModel {
  readonly #watches = new Map<string, Watch>()
  readonly #nextBlock = new Map<string, number>()
  readonly #nextEpoch = new Map<string, number>()
  /** Polls sent (each one `eth_call`). */
  polls = 0
  readonly decisions: ModelDecision[] = []
  /** Watch keys ever indexed; owners whose tranche could not be built; watches dropped by the contract. */
  readonly indexed = new Set<string>()
  readonly skippedOwners = new Set<string>()
  readonly droppedByContract = new Set<string>()

  constructor(
    readonly name: string,
    readonly twaps: readonly TwapOrder[],
    /** The ComposableCoW a poll on this chain reaches. */
    readonly contractOn: (chain: ChainId) => ComposableCowModel,
    readonly submissions: SubmissionModel,
    /** Records a decision class met (coverage). */
    readonly note: (c: string) => void,
  ) {}

  /** A log carrying TWAP `index`'s creation. Re-indexing overwrites the same value; gates stay. */
  onCreated(index: number): void {
    const t = this.twaps[index] as TwapOrder
    if (!t.decodes) {
      this.note('ignored')
      return
    }
    const key = twapWatchKey(t, index)
    this.#watches.set(key, { twap: index, owner: twapOwner(t) })
    this.indexed.add(key)
    this.note('indexed')
  }

  hasWatch(key: string): boolean {
    return this.#watches.has(key)
  }

  /** A block: `failedCalls` says the node fails (or never answers) every `eth_call` now. */
  onBlock(chain: ChainId, number: number, ts: number, failedCalls: boolean): void {
    for (const key of [...this.#watches.keys()].sort()) {
      const watch = this.#watches.get(key) as Watch
      const nextBlock = this.#nextBlock.get(key)
      const nextEpoch = this.#nextEpoch.get(key)
      if ((nextBlock !== undefined && number < nextBlock) || (nextEpoch !== undefined && ts < nextEpoch)) {
        this.note('gated')
        continue
      }
      this.polls++
      if (failedCalls) {
        this.note('poll-failed')
        continue
      }
      // No rule left: the world's last rule answers try-next-block.
      const rule = this.contractOn(chain).take(watch.owner)
      const poll: TwapPoll = rule?.poll ?? { outcome: 'try-next-block' }
      switch (poll.outcome) {
        case 'try-next-block':
          this.note('poll-try-next-block')
          break
        case 'try-at-block':
          this.note('poll-try-at-block')
          this.#nextBlock.set(key, pollBlock(poll))
          break
        case 'try-at-epoch':
          this.note('poll-try-at-epoch')
          this.#nextEpoch.set(key, pollEpoch(poll))
          break
        case 'order-not-valid':
        case 'never':
          this.note('poll-dont-try-again')
          this.#drop(key)
          this.droppedByContract.add(key)
          break
        case 'ready':
          this.#ready(key, chain, number, ts, rule as PollRule, poll)
          break
      }
    }
  }

  #ready(
    key: string,
    chain: ChainId,
    number: number,
    ts: number,
    rule: PollRule,
    poll: Extract<TwapPoll, { outcome: 'ready' }>,
  ): void {
    const t = this.twaps[rule.twap] as TwapOrder
    // The module posts with app data "{}": an order signed over other app data cannot be built.
    if (t.params === 'app-data') {
      this.note('build-skipped')
      this.skippedOwners.add(rule.owner)
      return
    }
    const uid = `${chain}:twap:${rule.twap}:${poll.tranche}:${poll.expired}`
    const done = this.submissions.submit(this.name, uid, ts, number, poll.expired ? 'InsufficientValidTo' : undefined)
    if (!done.posted) {
      this.note(`tranche-${done.gate}`)
      return
    }
    this.decisions.push(done.decision)
    this.note(done.decision)
    if (poll.expired) this.note('tranche-expired')
    if (done.decision === 'backoff') this.#nextEpoch.set(key, ts + (done.seconds ?? 600))
    else if (done.decision === 'drop') this.#drop(key)
  }

  #drop(key: string): void {
    this.#watches.delete(key)
    this.#nextBlock.delete(key)
    this.#nextEpoch.delete(key)
  }
}
