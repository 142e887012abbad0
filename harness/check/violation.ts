// One broken invariant: which rule, the trace line that broke it, and what happened.
import type { TraceEntry } from './trace-entry.js'

export interface Violation {
  invariant: string
  /** 1-based line of the trace; 0 when the trace ends without something it needed. */
  line: number
  message: string
  /** The trace line itself ('' at the end of the trace). */
  text: string
}

const MAX_QUOTE = 200

export function violation(invariant: string, entry: TraceEntry | undefined, message: string): Violation {
  return { invariant, line: entry?.line ?? 0, message, text: entry?.text ?? '' }
}

/** `invariant <name>: trace line <n>: <message>` (+ the line itself, cut short). */
export function formatViolation(v: Violation): string {
  if (v.line === 0) return `invariant ${v.invariant}: end of trace: ${v.message}`
  const text = v.text
  const quote = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text
  return `invariant ${v.invariant}: trace line ${v.line}: ${v.message} (${quote})`
}

/** The rule interface: sees every entry in order, then the end of the trace. */
export interface TraceInvariant {
  observe(entry: TraceEntry): void
  finish(): void
}
