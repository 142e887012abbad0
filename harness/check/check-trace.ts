// The trace checker: every invariant over one run's canonical trace, in the style of a
// simulator's state checker. A pure function of the trace lines and the checker model (the
// modules and the scripted events), so any producer of traces — a scenario run, a fuzz case —
// can be judged. Nothing here asks the engine what is right. It reads line by line, so a run
// that keeps only its trace hash is checked as well.
import { BlockTimes } from './block-times.js'
import { BootTracker } from './boot-tracker.js'
import type { CheckerModel } from './checker-model.js'
import { DispatchInvariant } from './dispatch-invariant.js'
import { ExitInvariant } from './exit-invariant.js'
import { PolicyInvariant } from './policy-invariant.js'
import { SubmissionInvariant } from './submission-invariant.js'
import { parseTraceLine, traceEntry } from './trace-entry.js'
import { type Violation, formatViolation } from './violation.js'

export class TraceChecker {
  readonly #violations: Violation[] = []
  readonly #boots = new BootTracker()
  /** Block times by chain and number, kept once for the invariants that judge against them. */
  readonly #blocks = new BlockTimes()
  readonly #dispatch: DispatchInvariant
  readonly #exit: ExitInvariant
  readonly #submission: SubmissionInvariant
  readonly #policy: PolicyInvariant | undefined
  #lines = 0

  constructor(model: CheckerModel) {
    const report = (v: Violation) => this.#violations.push(v)
    this.#dispatch = new DispatchInvariant(model, report)
    this.#exit = new ExitInvariant(report)
    this.#submission = new SubmissionInvariant(this.#blocks, report)
    this.#policy = model.policy && new PolicyInvariant(model.policy, this.#blocks, report)
  }

  /**
   * The next canonical trace line. `parsed`, when given, is `JSON.parse(text)` already done (the
   * trace writer has the value it wrote the line from).
   */
  observe(text: string, parsed?: Readonly<Record<string, unknown>>): void {
    const entry = parsed ? traceEntry(text, ++this.#lines, parsed) : parseTraceLine(text, ++this.#lines)
    const bootEnds = this.#boots.observe(entry)
    if (entry.type === 'block') this.#blocks.observe(entry)
    this.#dispatch.observe(entry)
    this.#exit.observe(entry)
    this.#submission.observe(entry)
    this.#policy?.observe(entry)
    if (bootEnds) {
      this.#dispatch.newBoot()
      this.#exit.newBoot()
    }
  }

  /** The end of the trace: every violation, in the order found. */
  finish(): Violation[] {
    this.#dispatch.finish()
    this.#exit.finish()
    this.#submission.finish()
    return this.#violations
  }
}

export function checkTrace(lines: readonly string[], model: CheckerModel): Violation[] {
  const checker = new TraceChecker(model)
  for (const line of lines) checker.observe(line)
  return checker.finish()
}

/** The violations as failure lines, each naming its invariant and trace line. */
export function traceFailures(lines: readonly string[], model: CheckerModel): string[] {
  return checkTrace(lines, model).map(formatViolation)
}
