// The checker: every verdict of a run goes through here, apart from the player that drives it.
// It reads only what the run observed (the engine's telemetry tallied in `Observations`, the
// trace, the world's answers) and keeps the failures in the order they were found. New kinds of
// checks are added here and fed the same snapshot; the player only says when to look. The trace
// invariants (harness/check, decision 0103) read every trace line as it is written and give
// their verdict when the trace ends.
import type { TraceChecker } from '../check/check-trace.js'
import { formatViolation } from '../check/violation.js'
import type { Expectations } from '../scenario/types.js'
import { checkExpectations, type RunSnapshot } from './check-expectations.js'

export type { RunSnapshot } from './check-expectations.js'

export class Checker {
  readonly #failures: string[] = []

  /** Without a trace checker, only expectations and the run's own failures are judged. */
  constructor(private readonly invariants?: TraceChecker) {}

  /** One canonical trace line, as it is written (and parsed, when the writer has it at hand). */
  traceLine(line: string, parsed?: Readonly<Record<string, unknown>>): void {
    this.invariants?.observe(line, parsed)
  }

  /** The run is over (the engine stopped): every broken invariant becomes a failure naming its trace line. */
  traceEnded(): void {
    if (this.invariants) this.#failures.push(...this.invariants.finish().map(formatViolation))
  }

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
