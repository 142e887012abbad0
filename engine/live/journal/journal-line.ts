// A journal line: the record's canonical JSON with a `sum` member, the SHA-256 (first 32 hex) of
// the canonical JSON of the record without it. A line cut by a crash, or changed by hand, fails
// the sum (or JSON.parse) and is skipped; it is never read as a record.
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../observe/canonical-json.js'
import type { JournalRecord } from './journal-record.js'
import { JOURNAL_FORMAT_VERSION } from './journal-record.js'

export function encodeJournalLine(record: JournalRecord): string {
  const payload = canonicalJson(record)
  return canonicalJson({ ...JSON.parse(payload), sum: digest(payload) })
}

export type DecodedLine = { ok: true; record: JournalRecord } | { ok: false; reason: string }

export function decodeJournalLine(line: string): DecodedLine {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'not a JSON object' }
  const { sum, ...rest } = parsed as Record<string, unknown>
  if (typeof sum !== 'string') return { ok: false, reason: 'no `sum` member' }
  if (digest(canonicalJson(rest)) !== sum) return { ok: false, reason: 'checksum mismatch (a torn or edited line)' }
  if (rest.v !== JOURNAL_FORMAT_VERSION)
    return { ok: false, reason: `unknown journal version ${JSON.stringify(rest.v)}` }
  return { ok: true, record: rest as unknown as JournalRecord }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}
