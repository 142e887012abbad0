// `expect.logs` / `expect.no_logs`, matched as the lines stream by (issue 9): every matcher of
// every expect block of the scenario is known before the run, so each log line is checked once,
// when it is emitted, and then forgotten. What is kept is bounded whatever the run's length:
// per matcher a flag (or the first offending line) and the last few candidate lines for the
// failure message, plus the run's last few lines. A 300,000-block run holds no more than a
// ten-block one (decision 0181).
import type { LogEvent } from '../../engine/observe/telemetry.js'
import type { Expectations, LogMatch } from '../scenario/types.js'
import { renderLogLine } from './observations.js'

/** Lines a failure shows as "closest" or "last". */
const SHOWN = 3

interface Positive {
  match: LogMatch
  matched: boolean
  /** The last lines from the matcher's module at its level (or the last lines at all). */
  candidates: string[]
}

interface Negative {
  match: LogMatch
  /** The first line that matched (a failure), rendered. */
  hit: string | undefined
}

interface BlockState {
  logs: Positive[]
  noLogs: Negative[]
}

export interface LogCheck {
  /** For `logs[i]`: undefined when matched, else what to show instead ("none; closest: …"). */
  missing: (string | undefined)[]
  /** For `no_logs[i]`: the offending line, rendered, or undefined. */
  forbidden: (string | undefined)[]
}

export class LogMatchers {
  readonly #blocks = new Map<Expectations, BlockState>()
  readonly #last: string[] = []
  /** Only a `logs` matcher's failure shows the run's last lines: without one, none are rendered. */
  readonly #keepsLast: boolean

  /** Every expect block of the scenario (a step's and the final one). */
  constructor(expects: readonly (Expectations | undefined)[]) {
    for (const e of expects) {
      if (!e || (!e.logs?.length && !e.noLogs?.length)) continue
      this.#blocks.set(e, {
        logs: (e.logs ?? []).map((match) => ({ match, matched: false, candidates: [] })),
        noLogs: (e.noLogs ?? []).map((match) => ({ match, hit: undefined })),
      })
    }
    this.#keepsLast = [...this.#blocks.values()].some((b) => b.logs.length > 0)
  }

  /** One log line of the run, as it is emitted. */
  observe(e: LogEvent): void {
    // Most runs (every generated fuzz case) have no log matcher: rendering each line was ~4 % of a case.
    if (this.#blocks.size === 0) return
    let rendered: string | undefined
    const line = () => (rendered ??= renderLogLine(e))
    if (this.#keepsLast) keepLast(this.#last, line())
    for (const block of this.#blocks.values()) {
      for (const p of block.logs) {
        if (p.matched || !sameSource(p.match, e)) continue
        if (p.match.contains === undefined || line().includes(p.match.contains)) {
          p.matched = true
          p.candidates.length = 0
        } else keepLast(p.candidates, line())
      }
      for (const n of block.noLogs) {
        if (n.hit !== undefined || !sameSource(n.match, e)) continue
        if (n.match.contains === undefined || line().includes(n.match.contains)) n.hit = line()
      }
    }
  }

  /** The verdicts of one expect block on the lines so far. */
  check(expect: Expectations): LogCheck {
    const block = this.#blocks.get(expect)
    if (!block) return { missing: [], forbidden: [] }
    return {
      missing: block.logs.map((p) => (p.matched ? undefined : this.#nearest(p))),
      forbidden: block.noLogs.map((n) => n.hit),
    }
  }

  #nearest(p: Positive): string {
    const filtered = p.match.module !== undefined || p.match.level !== undefined
    const pool = filtered && p.candidates.length > 0 ? p.candidates : this.#last
    if (!pool.length) return 'no log lines at all'
    return `none; ${filtered && p.candidates.length > 0 ? 'closest' : 'last'}: ${pool.map((l) => `"${l}"`).join(' | ')}`
  }
}

/** The matcher's module and level (not its text): the line is a candidate. */
function sameSource(m: LogMatch, e: LogEvent): boolean {
  if (m.level !== undefined && m.level !== e.level) return false
  if (m.module !== undefined && e.module !== m.module && e.fields?.module !== m.module) return false
  return true
}

function keepLast(lines: string[], line: string): void {
  lines.push(line)
  if (lines.length > SHOWN) lines.shift()
}
