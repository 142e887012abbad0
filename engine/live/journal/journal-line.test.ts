import { describe, expect, it } from 'vitest'
import { decodeJournalLine, encodeJournalLine } from './journal-line.js'
import { type JournalRecord, JOURNAL_BODY_CAP, journalBody } from './journal-record.js'

const record: JournalRecord = {
  v: 1,
  chain: 11155111,
  event: 'block',
  block: { number: 7, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_790_000_012 },
  module: 'stop-loss',
  request: { method: 'POST', path: '/api/v1/orders', body: journalBody('{"a":1}') },
  response: { status: 400, retryAfter: null, body: journalBody('{"errorType":"TransferSimulationFailed"}') },
  decision: { uid: '0x01', decision: 'try-next-block', status: 400, errorType: 'TransferSimulationFailed' },
  rpc: [{ method: 'eth_call', params: [{ to: '0x00' }, 'latest'], result: '0x' }],
}

describe('journal lines', () => {
  it('round-trip, canonical: same record, same bytes', () => {
    const line = encodeJournalLine(record)
    expect(line).not.toContain('\n')
    expect(encodeJournalLine(JSON.parse(JSON.stringify(record)))).toBe(line)
    expect(decodeJournalLine(line)).toEqual({ ok: true, record })
  })

  it('every proper prefix of a line is refused (a torn write is never read)', () => {
    const line = encodeJournalLine(record)
    for (let cut = 1; cut < line.length; cut++) expect(decodeJournalLine(line.slice(0, cut)).ok).toBe(false)
  })

  it('an edited line fails its checksum; a forged version is refused', () => {
    const line = encodeJournalLine(record)
    expect(decodeJournalLine(line.replace('"status":400', '"status":401'))).toEqual({
      ok: false,
      reason: 'checksum mismatch (a torn or edited line)',
    })
    expect(decodeJournalLine('[1]')).toEqual({ ok: false, reason: 'not a JSON object' })
    expect(decodeJournalLine('{"v":1}')).toEqual({ ok: false, reason: 'no `sum` member' })
  })

  it('bodies are cut at the cap and say so', () => {
    const body = journalBody('x'.repeat(JOURNAL_BODY_CAP + 10))
    expect(body).toEqual({ text: 'x'.repeat(JOURNAL_BODY_CAP), length: JOURNAL_BODY_CAP + 10, truncated: true })
  })
})
