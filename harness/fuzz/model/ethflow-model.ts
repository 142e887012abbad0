// ethflow-watcher as the model sees it (docs/fuzzing.md, "What the model knows of
// ethflow-watcher"): an `OrderPlacement` log that decodes and names known enum markers has a UID
// (owner = the EthFlow contract); a UID already observed is skipped; otherwise the orderbook is
// asked: an `Order` for that UID marks it observed, NotFound leaves it for a redelivery, anything
// else (an error page, no answer, another UID's order) is a failed lookup. It never posts.
import type { ChainId, EthflowPlacement, LookupAnswer } from './fuzz-case.js'
import { placementSender, placementUid } from './cow-payloads.js'

export type EthflowClass = 'skipped' | 'already-observed' | 'observed' | 'not-indexed' | 'lookup-failed'

/** The orderbook's scripted lookup answers, per UID, each used once; then its 404. */
export class LookupAnswersModel {
  readonly #left = new Map<string, LookupAnswer[]>()
  constructor(placements: readonly EthflowPlacement[], chains: readonly ChainId[]) {
    placements.forEach((p, i) => {
      if (p.valid) for (const c of chains) this.#left.set(placementUid(p, i, c), [...p.lookups])
    })
  }
  next(uid: string): LookupAnswer | 'not-found' {
    return this.#left.get(uid)?.shift() ?? 'not-found'
  }
}

/** One ethflow-watcher module's store (it outlives restarts) and what it did, per UID. */
export class EthflowWatcherModel {
  readonly #observed = new Set<string>()
  /** Per UID looked at: the classes met. */
  readonly seen = new Map<string, Set<EthflowClass>>()
  /** Senders of placements skipped for their enum markers. */
  readonly skippedSenders = new Set<string>()

  constructor(
    readonly name: string,
    readonly placements: readonly EthflowPlacement[],
    readonly lookups: LookupAnswersModel,
    /** Records a decision class met (coverage). */
    readonly note: (c: string) => void,
  ) {}

  isObserved(uid: string): boolean {
    return this.#observed.has(uid)
  }

  onPlacement(index: number, chain: ChainId): void {
    const p = this.placements[index] as EthflowPlacement
    if (!p.decodes) {
      this.note('ignored')
      return
    }
    if (!p.valid) {
      this.note('skipped')
      this.skippedSenders.add(placementSender(index))
      return
    }
    const uid = placementUid(p, index, chain)
    const met = this.seen.get(uid) ?? new Set<EthflowClass>()
    this.seen.set(uid, met)
    const mark = (c: EthflowClass) => {
      met.add(c)
      this.note(c)
    }
    if (this.#observed.has(uid)) {
      mark('already-observed')
      return
    }
    const answer = this.lookups.next(uid)
    if (answer === 'found') {
      this.#observed.add(uid)
      mark('observed')
    } else if (answer === 'not-found') mark('not-indexed')
    else mark('lookup-failed')
  }
}
