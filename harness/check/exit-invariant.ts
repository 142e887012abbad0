// Exactly one exit per boot, with the documented code for its reason (README: 0 after a signal or
// with nothing to run, 1 when boot fails, 3 when a stream ended). The table is the harness's own.
import { type TraceEntry, num, str } from './trace-entry.js'
import { type TraceInvariant, type Violation, violation } from './violation.js'

const NAME = 'one-exit-per-boot'

export const DOCUMENTED_EXIT_CODES: Readonly<Record<string, number>> = {
  signal: 0,
  'nothing-to-run': 0,
  'boot-failed': 1,
  'block-stream-ended': 3,
  'log-stream-ended': 3,
}

export class ExitInvariant implements TraceInvariant {
  #exitsThisBoot = 0
  #last: TraceEntry | undefined

  constructor(private readonly report: (v: Violation) => void) {}

  newBoot(): void {
    this.#exitsThisBoot = 0
  }

  observe(entry: TraceEntry): void {
    this.#last = entry
    // A crash is already a failure of its own; the boot it ended owes no exit line.
    if (entry.type === 'crash') this.#exitsThisBoot++
    if (entry.type !== 'exit') return
    this.#exitsThisBoot++
    if (this.#exitsThisBoot > 1) this.report(violation(NAME, entry, 'a second exit in one boot'))
    const reason = str(entry, 'reason') ?? ''
    const code = num(entry, 'code')
    const documented = DOCUMENTED_EXIT_CODES[reason]
    if (documented === undefined)
      this.report(violation(NAME, entry, `exit reason ${JSON.stringify(reason)} is not a documented one`))
    else if (code !== documented)
      this.report(violation(NAME, entry, `exit ${reason} must have code ${documented}, got ${code}`))
  }

  finish(): void {
    if (this.#exitsThisBoot === 0)
      this.report(violation(NAME, undefined, `the last boot never exited (last line ${this.#last?.line ?? 0})`))
  }
}
