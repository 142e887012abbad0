// Reads a journal file line by line (streamed: a journal may be large). Each line is a record or
// a refusal with its reason; a last line without a newline is reported as torn and never decoded.
import { createReadStream } from 'node:fs'
import { decodeJournalLine } from './journal-line.js'
import type { JournalRecord } from './journal-record.js'

export type JournalEntry =
  | { line: number; ok: true; record: JournalRecord }
  | { line: number; ok: false; reason: string }

export async function* readJournal(file: string): AsyncGenerator<JournalEntry> {
  let pending = ''
  let line = 0
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    pending += chunk as string
    let at = pending.indexOf('\n')
    while (at >= 0) {
      const text = pending.slice(0, at)
      pending = pending.slice(at + 1)
      line++
      if (text !== '') yield entry(line, text)
      at = pending.indexOf('\n')
    }
  }
  if (pending !== '')
    yield { line: line + 1, ok: false, reason: 'torn last line (no newline: the writer stopped mid-line)' }
}

function entry(line: number, text: string): JournalEntry {
  const decoded = decodeJournalLine(text)
  return decoded.ok ? { line, ok: true, record: decoded.record } : { line, ok: false, reason: decoded.reason }
}
