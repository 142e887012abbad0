// What `nexum-sim repro FILE` reproduces: one orderbook exchange, and what is known of the
// dispatch that made it. FILE is an engine journal (a line picked by --line or --uid), a version 2
// cassette (its orderbook record picked the same way), or one exchange typed by hand from a log
// line. Every refusal names the file, the line or key path, what was expected and what was found.
import { BaseError } from '../../engine/errors/base-error.js'
import { readFile } from 'node:fs/promises'
import * as z from 'zod'
import { decodeJournalLine } from '../../engine/live/journal/journal-line.js'
import type { JournalDecision, JournalRecord, JournalRpcCall } from '../../engine/live/journal/journal-record.js'
import { parseCassette } from '../cassette/cassette.js'
import { looksLikeCassetteV2 } from '../cassette/cassette-v2.js'
import { ScenarioError, throwIfAny } from '../scenario/scenario-error.js'
import { issuesToErrors, PARSE_PARAMS } from '../scenario/zod-issues.js'

export interface ReproExchange {
  chain: number
  request: { method: string; path: string; body: string | null }
  /** null: no HTTP answer (transport failure, timeout). */
  response: { status: number; retryAfter: string | null; body: string } | null
}

export interface ReproCase {
  /** Where it came from, for messages and the scenario's description: `journal.jsonl line 3`. */
  origin: string
  kind: 'journal' | 'cassette' | 'exchange'
  exchange: ReproExchange
  /** The module that made it (journal lines name it). */
  module?: string | undefined
  block?: { number: number; hash: string | null; timestamp: number | null } | null | undefined
  rpc?: JournalRpcCall[] | undefined
  /** The decision the module reported at the time (journal lines carry it). */
  decision?: JournalDecision | null | undefined
}

export interface Pick {
  line?: number | undefined
  uid?: string | undefined
}

/** Bad input: the command prints it and exits 2. */
export class ReproInputError extends BaseError {
  override readonly name = 'ReproInputError'
}

export async function readReproCase(file: string, pick: Pick): Promise<ReproCase> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new ReproInputError(
      `${file}: expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    )
  }
  if (looksLikeCassetteV2(text)) return fromCassette(text, file, pick)
  const first = text.split('\n').find((l) => l.trim() !== '') ?? ''
  if (/"sum"\s*:/.test(first) && /"v"\s*:\s*1/.test(first)) return fromJournal(text, file, pick)
  if (pick.line !== undefined || pick.uid !== undefined)
    throw new ReproInputError(`${file}: --line and --uid pick from a journal or a cassette; this file is one exchange`)
  return fromTypedExchange(text, file)
}

// ---- a journal ----

function fromJournal(text: string, file: string, pick: Pick): ReproCase {
  const lines = text.split('\n')
  const torn = lines.at(-1) !== ''
  if (pick.line !== undefined) {
    const n = pick.line
    if (n < 1 || n > lines.length || (n === lines.length && !torn) || lines[n - 1] === '')
      throw new ReproInputError(
        `${file}: --line ${n}: expected a journal line, found nothing there (the file has ${lines.length - (torn ? 0 : 1)} lines)`,
      )
    if (n === lines.length && torn)
      throw new ReproInputError(
        `${file}: line ${n}: expected a whole journal line, found a torn last line (the engine stopped mid-write)`,
      )
    const decoded = decodeJournalLine(lines[n - 1] as string)
    if (!decoded.ok) throw new ReproInputError(`${file}: line ${n}: expected a journal line, found ${decoded.reason}`)
    return journalCase(decoded.record, `${file} line ${n}`, file, n)
  }
  const complete = torn ? lines.slice(0, -1) : lines
  const records: { n: number; record: JournalRecord }[] = []
  complete.forEach((l, i) => {
    if (l === '') return
    const decoded = decodeJournalLine(l)
    if (decoded.ok) records.push({ n: i + 1, record: decoded.record })
  })
  let chosen: { n: number; record: JournalRecord } | undefined
  if (pick.uid !== undefined) {
    const uid = pick.uid.toLowerCase()
    chosen = records.filter(({ record }) => uidsOf(record).includes(uid)).at(-1)
    if (!chosen)
      throw new ReproInputError(
        `${file}: --uid ${pick.uid}: expected a journal line about that order, found none among ${records.length} lines`,
      )
  } else {
    // The operator's story: the last rejection.
    chosen = records.filter(({ record }) => record.response?.status !== 201).at(-1)
    if (!chosen)
      throw new ReproInputError(
        `${file}: expected a journal line with a rejection, found none among ${records.length} lines (pick one with --line N or --uid UID)`,
      )
  }
  return journalCase(chosen.record, `${file} line ${chosen.n}`, file, chosen.n)
}

function journalCase(r: JournalRecord, origin: string, file: string, n: number): ReproCase {
  for (const [what, body] of [
    ['request', r.request.body],
    ['response', r.response?.body],
  ] as const) {
    if (body?.truncated)
      throw new ReproInputError(
        `${file}: line ${n}: ${what}.body: expected a whole body, found one cut at ${body.text.length} of ${body.length} characters (the journal's cap)`,
      )
  }
  return {
    origin,
    kind: 'journal',
    exchange: {
      chain: r.chain,
      request: { method: r.request.method, path: r.request.path, body: r.request.body?.text ?? null },
      response: r.response && {
        status: r.response.status,
        retryAfter: r.response.retryAfter,
        body: r.response.body.text,
      },
    },
    module: r.module,
    block: r.block,
    rpc: r.rpc,
    decision: r.decision,
  }
}

function uidsOf(r: JournalRecord): string[] {
  const uids: string[] = []
  if (r.decision) uids.push(r.decision.uid.toLowerCase())
  const inPath = /0x[0-9a-fA-F]{112}/.exec(r.request.path)?.[0]
  if (inPath) uids.push(inPath.toLowerCase())
  const inBody = r.response && /0x[0-9a-fA-F]{112}/.exec(r.response.body.text)?.[0]
  if (inBody) uids.push(inBody.toLowerCase())
  return uids
}

// ---- a cassette ----

function fromCassette(text: string, file: string, pick: Pick): ReproCase {
  let cassette: ReturnType<typeof parseCassette>
  try {
    cassette = parseCassette(text, file)
  } catch (e) {
    throw new ReproInputError(e instanceof Error ? e.message : String(e))
  }
  const exchanges = cassette.orderbook ?? []
  if (exchanges.length === 0)
    throw new ReproInputError(`${file}: expected a cassette with orderbook records, found none`)
  let index: number
  if (pick.line !== undefined) {
    // Line numbers of orderbook records in the file.
    const lines = text.split('\n')
    const at = pick.line - 1
    if (!/"kind":"orderbook"/.test(lines[at] ?? ''))
      throw new ReproInputError(
        `${file}: --line ${pick.line}: expected an orderbook record, found ${lines[at] === undefined ? 'nothing' : 'another kind of record'}`,
      )
    index = lines.slice(0, at).filter((l) => /"kind":"orderbook"/.test(l)).length
  } else if (pick.uid !== undefined) {
    const uid = pick.uid.toLowerCase()
    index = exchanges.findLastIndex((x) => `${x.request.path} ${x.response?.body ?? ''}`.toLowerCase().includes(uid))
    if (index < 0)
      throw new ReproInputError(`${file}: --uid ${pick.uid}: expected an orderbook record about that order, found none`)
  } else {
    index = exchanges.findLastIndex((x) => x.response?.status !== 201)
    if (index < 0)
      throw new ReproInputError(
        `${file}: expected an orderbook record with a rejection, found none (pick one with --line N)`,
      )
  }
  const x = exchanges[index]!
  return {
    origin: `${file} orderbook record ${index + 1}`,
    kind: 'cassette',
    exchange: { chain: x.chain, request: x.request, response: x.response },
  }
}

// ---- one exchange typed by hand ----

const jsonish = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
const typed = z.strictObject({
  chain: z.number().int().min(1),
  request: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).default('POST'),
    path: z.string().startsWith('/'),
    body: jsonish.optional(),
  }),
  response: z.strictObject({
    status: z.number().int().min(200).max(599),
    body: jsonish.optional(),
    text: z.string().optional(),
    retryAfter: z.union([z.string(), z.number()]).optional(),
    headers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
})

function fromTypedExchange(text: string, file: string): ReproCase {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ReproInputError(
      `${file}: expected a journal, a cassette, or one exchange as JSON ({ "chain", "request", "response" }), found ${e instanceof Error ? `invalid JSON (${e.message})` : 'something else'}`,
    )
  }
  const parsed = typed.safeParse(raw, PARSE_PARAMS)
  if (!parsed.success) {
    try {
      throwIfAny(issuesToErrors(parsed.error.issues, file))
    } catch (e) {
      throw new ReproInputError(e instanceof Error ? e.message : String(e))
    }
  }
  const x = parsed.data!
  if (x.response.body !== undefined && x.response.text !== undefined)
    throw new ReproInputError(new ScenarioError(file, 'response.text', 'either body or text, not both', 'both').message)
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
  const headers = Object.fromEntries(
    Object.entries(x.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  )
  const retryAfter = x.response.retryAfter ?? headers['retry-after']
  return {
    origin: file,
    kind: 'exchange',
    exchange: {
      chain: x.chain,
      request: {
        method: x.request.method,
        path: x.request.path,
        body: x.request.body === undefined ? null : asText(x.request.body),
      },
      response: {
        status: x.response.status,
        retryAfter: retryAfter === undefined ? null : String(retryAfter),
        body: x.response.text ?? (x.response.body === undefined ? '' : asText(x.response.body)),
      },
    },
  }
}
