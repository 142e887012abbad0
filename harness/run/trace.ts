// The canonical trace of a run: one JSON line per observable event, stamped with virtual time
// only. Its SHA-256 is the run's trace hash (docs/scenarios.md, "The trace").
import { redactUrls } from '../../engine/host/redact-url.js'
import { decisionLine } from './decision-trace.js'
import { LineDigest } from './line-digest.js'
import { traceLine } from './trace-line.js'

export class Trace {
  private readonly entries: string[] = []
  private readonly digest = new LineDigest()
  private readonly decisions = new LineDigest()
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
  ) {
    this.#slashed = placeholders.every(([text]) => text.includes('/'))
    this.#tailsClean = this.#slashed && placeholders.every(([text]) => !text.includes(','))
  }

  /** `t` is virtual milliseconds since the epoch. */
  record(t: number, event: Record<string, unknown>): void {
    const { text: written, tree, head, tail, headBytes, decisionTail } = traceLine(t, event)
    let line = written
    // A remembered host call's head is the same flat string call after call, and its tail (`t` and
    // `type`) holds no URL and no placeholder's path, nor can one run across the join (decision
    // 0240): looking in the head says whether the line needs rewriting, without flattening it.
    const scanned = head !== undefined && this.#tailsClean ? head : written
    // A URL holds `/`, and so does every placeholder's folder (when `#slashed`): most lines hold
    // none, and one search for a character is cheaper than a search for each folder.
    if ((!this.#slashed || scanned.includes('/')) && (scanned.includes('://') || this.#holdsPlaceholder(scanned))) {
      // An endpoint URL in any event (an error's text) keeps its scheme, host and port only.
      if (line.includes('://')) line = redactUrls(line)
      for (const [text, token] of this.placeholders) if (line.includes(text)) line = line.split(text).join(token)
    }
    if (this.keepLines) this.entries.push(line)
    this.count++
    // The line as bytes when the writer has them: nothing flattened or encoded (decision 0250).
    if (tail !== undefined && head !== undefined && line === written)
      this.digest.addParts(headBytes ?? head, tail.bytes)
    else this.digest.add(line)
    // A dispatch's decision line is its head and a tail of its own (decision-trace.ts, trace-line.ts).
    if (decisionTail !== undefined && head !== undefined) {
      if (this.keepLines) this.decisionEntries.push(`${head}${decisionTail.text}`)
      this.decisions.addParts(headBytes ?? head, decisionTail.bytes)
    } else {
      const decision = decisionLine(event)
      if (decision !== undefined) {
        if (this.keepLines) this.decisionEntries.push(decision)
        this.decisions.add(decision)
      }
    }
    // Told last: the tails' bytes are copied before anything else can write a line.
    this.onLine(line, line === written ? tree : undefined)
  }

  private count = 0

  /**
   * Whether no placeholder can be found in, or across the join into, a host call's tail
   * (`,"t":<digits>,"type":"host-call"}`): one holding a `/` is never inside the tail, and one
   * without a `,` never runs across the join. Absolute folders always qualify.
   */
  readonly #tailsClean: boolean

  /** Whether every placeholder holds a `/`: then a line without one needs no rewriting. */
  readonly #slashed: boolean

  #holdsPlaceholder(text: string): boolean {
    for (const [placeholder] of this.placeholders) if (text.includes(placeholder)) return true
    return false
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
    return `sha256:${this.decisions.hex()}`
  }

  /** `sha256:<hex>` of every line so far, each followed by a newline. */
  hash(): string {
    return `sha256:${this.digest.hex()}`
  }
}
