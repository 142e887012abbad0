// The canonical trace of a run: one JSON line per observable event, stamped with virtual time
// only. Its SHA-256 is the run's trace hash (docs/scenarios.md, "The trace").
import { createHash } from 'node:crypto'
import { redactUrls } from '../../engine/host/redact-url.js'
import { decisionLine } from './decision-trace.js'
import { traceLine } from './trace-line.js'

const HASH_CHUNK = 64 * 1024

export class Trace {
  private readonly entries: string[] = []
  private readonly digest = createHash('sha256')
  private readonly decisions = createHash('sha256')
  private readonly decisionEntries: string[] = []

  /**
   * `placeholders` maps machine-specific text (absolute folders) to stable tokens, so the same
   * scenario hashes the same wherever the project is checked out. Longest first.
   */
  constructor(
    private readonly placeholders: readonly [string, string][] = [],
    /** false: only the hash is kept (a long replay need not hold every line in memory). */
    private readonly keepLines = true,
    /**
     * Told every line as it is written (the trace checker reads the run as it happens), with the
     * parsed line when it is at hand: the value the line was written from, unless redaction or a
     * placeholder rewrote the text (then undefined, and the reader parses the line).
     */
    private readonly onLine: (line: string, parsed?: Readonly<Record<string, unknown>>) => void = () => {},
  ) {}

  /** `t` is virtual milliseconds since the epoch. */
  record(t: number, event: Record<string, unknown>): void {
    const { text: written, tree } = traceLine(t, event)
    let line = written
    // An endpoint URL in any event (an error's text) keeps its scheme, host and port only.
    if (line.includes('://')) line = redactUrls(line)
    for (const [text, token] of this.placeholders) if (line.includes(text)) line = line.split(text).join(token)
    if (this.keepLines) this.entries.push(line)
    this.count++
    this.pending += `${line}\n`
    if (this.pending.length >= HASH_CHUNK) this.flush()
    this.onLine(line, line === written ? tree : undefined)
    const decision = decisionLine(event)
    if (decision !== undefined) {
      if (this.keepLines) this.decisionEntries.push(decision)
      this.decisionsPending += `${decision}\n`
      if (this.decisionsPending.length >= HASH_CHUNK) this.flushDecisions()
    }
  }

  private count = 0
  /** Lines not yet given to the digest: one update per ~64 KiB, not two per line (same bytes, same hash). */
  private pending = ''

  private decisionsPending = ''

  private flushDecisions(): void {
    this.decisions.update(this.decisionsPending)
    this.decisionsPending = ''
  }

  private flush(): void {
    this.digest.update(this.pending)
    this.pending = ''
  }

  get length(): number {
    return this.count
  }

  lines(): readonly string[] {
    return this.entries
  }

  /** The decision trace's lines (decision-trace.ts), when lines are kept. */
  decisionLines(): readonly string[] {
    return this.decisionEntries
  }

  /** `sha256:<hex>` of the decision trace: the same in fixture and Anvil mode. */
  decisionHash(): string {
    this.flushDecisions()
    return `sha256:${this.decisions.copy().digest('hex')}`
  }

  /** `sha256:<hex>` of every line so far, each followed by a newline. */
  hash(): string {
    this.flush()
    return `sha256:${this.digest.copy().digest('hex')}`
  }
}
