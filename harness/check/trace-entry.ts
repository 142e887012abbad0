// A canonical trace line, parsed, with its 1-based line number: what every invariant reads.

export interface TraceEntry {
  /** 1-based, as an editor shows `<file>.trace.jsonl`. */
  line: number
  t: number
  type: string
  fields: Readonly<Record<string, unknown>>
  /** The line as written, for messages. */
  text: string
}

export function parseTraceLine(text: string, line: number): TraceEntry {
  return traceEntry(text, line, JSON.parse(text) as Record<string, unknown>)
}

/** An entry from a line and its parsed value. */
export function traceEntry(text: string, line: number, fields: Readonly<Record<string, unknown>>): TraceEntry {
  return { line, t: Number(fields.t), type: String(fields.type), fields, text }
}

export function str(entry: TraceEntry, key: string): string | undefined {
  const v = entry.fields[key]
  return typeof v === 'string' ? v : undefined
}

export function num(entry: TraceEntry, key: string): number | undefined {
  const v = entry.fields[key]
  return typeof v === 'number' ? v : undefined
}
