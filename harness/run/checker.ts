// The checker: every verdict of a run goes through here, apart from the player that drives it.
// It reads only what the run observed (the engine's telemetry tallied in `Observations`, the
// trace, the world's answers) and keeps the failures in the order they were found. New kinds of
// checks (trace invariants, say) are added here and fed the same snapshot; the player only says
// when to look.
import type { Expectations } from '../scenario/types.js'
import { checkExpectations, type RunSnapshot } from './check-expectations.js'

export type { RunSnapshot } from './check-expectations.js'

export class Checker {
  readonly #failures: string[] = []

  /** Every failure so far, in the order found. */
  get failures(): readonly string[] {
    return this.#failures
  }

  /** A failure the player ran into (the engine stuck, a step with nothing to act on). */
  fail(at: string, message: string): void {
    this.#failures.push(`${at}: ${message}`)
  }

  /**
   * The world's failures since the last look (requests it could not answer, misuse of the
   * orderbook). True when there were none: a world failure ends the run, what follows would be noise.
   */
  world(at: string, fresh: readonly string[]): boolean {
    for (const message of fresh) this.fail(at, message)
    return fresh.length === 0
  }

  /** An `expect:` block against the run so far. A failed checkpoint does not end the run. */
  expectations(expect: Expectations, run: RunSnapshot): void {
    this.#failures.push(...checkExpectations(expect, run))
  }
}
