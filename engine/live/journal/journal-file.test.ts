import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JournalFile } from './journal-file.js'
import { encodeJournalLine } from './journal-line.js'
import type { JournalRecord } from './journal-record.js'
import { readJournal } from './read-journal.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nexum-journal-'))
  dirs.push(d)
  return d
}

function record(n: number): JournalRecord {
  return {
    v: 1,
    chain: 11155111,
    event: 'block',
    block: { number: n, hash: null, timestamp: null },
    module: 'm',
    request: { method: 'POST', path: '/api/v1/orders', body: null },
    response: { status: 502, retryAfter: null, body: { text: '<html>', length: 6, truncated: false } },
    decision: null,
    rpc: [],
  }
}

async function entries(file: string) {
  const out = []
  for await (const e of readJournal(file)) out.push(e)
  return out
}

describe('JournalFile', () => {
  it('appends whole lines and a reader gets them back with their line numbers', async () => {
    const dir = tempDir()
    const journal = JournalFile.open(dir)
    for (let i = 1; i <= 3; i++) journal.append(encodeJournalLine(record(i)))
    journal.close()
    const read = await entries(join(dir, 'journal.jsonl'))
    expect(read.map((e) => e.ok && e.record.block?.number)).toEqual([1, 2, 3])
    expect(read.map((e) => e.line)).toEqual([1, 2, 3])
  })

  it('a torn last line is reported, never decoded, and terminated on reopen so the next line is whole', async () => {
    const dir = tempDir()
    const file = join(dir, 'journal.jsonl')
    const first = JournalFile.open(dir)
    first.append(encodeJournalLine(record(1)))
    first.close()
    const torn = encodeJournalLine(record(2))
    appendFileSync(file, torn.slice(0, torn.length - 7))
    expect((await entries(file)).at(-1)).toEqual({
      line: 2,
      ok: false,
      reason: 'torn last line (no newline: the writer stopped mid-line)',
    })
    const again = JournalFile.open(dir)
    again.append(encodeJournalLine(record(3)))
    again.close()
    const read = await entries(file)
    expect(read.map((e) => (e.ok ? e.record.block?.number : e.reason))).toEqual([
      1,
      expect.stringMatching(/^not JSON/),
      3,
    ])
  })

  it('rotates by size: the current file never passes the cap, older lines move to journal.N.jsonl, the oldest go', async () => {
    const dir = tempDir()
    const line = encodeJournalLine(record(1))
    const journal = JournalFile.open(dir, { maxBytes: (line.length + 1) * 2, keep: 2 })
    for (let i = 1; i <= 7; i++) journal.append(encodeJournalLine(record(i)))
    journal.close()
    const numbers = async (name: string) =>
      (await entries(join(dir, name))).map((e) => (e.ok ? e.record.block?.number : e.reason))
    expect(await numbers('journal.jsonl')).toEqual([7])
    expect(await numbers('journal.1.jsonl')).toEqual([5, 6])
    expect(await numbers('journal.2.jsonl')).toEqual([3, 4])
    expect(existsSync(join(dir, 'journal.3.jsonl'))).toBe(false)
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').length).toBeLessThanOrEqual((line.length + 1) * 2)
  })
})
