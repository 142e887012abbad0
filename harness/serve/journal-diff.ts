// Where two orderbook journals differ (`nexum-sim diff`): the exchanges are aligned on what
// matters to the orderbook (method, path, the block the request came after, the body as JSON,
// the answer's status), so one extra post shows as one extra row, not as a shifted tail. Runs of
// unmatched exchanges are set side by side. Pure.
import { canonicalJson } from '../run/canonical-json.js'
import type { JournalLine } from './served-world.js'

export interface DiffRow {
  ours?: JournalLine | undefined
  theirs?: JournalLine | undefined
  same: boolean
}

export interface JournalDiff {
  rows: DiffRow[]
  /** One sentence per difference, in journal order. */
  differences: string[]
  equal: boolean
}

export function diffJournals(ours: readonly JournalLine[], theirs: readonly JournalLine[]): JournalDiff {
  const a = ours.map(exchangeKey)
  const b = theirs.map(exchangeKey)
  const rows: DiffRow[] = []
  const differences: string[] = []
  const pairs = longestCommon(a, b)
  let i = 0
  let j = 0
  const flush = (untilI: number, untilJ: number) => {
    while (i < untilI || j < untilJ) {
      const o = i < untilI ? ours[i++] : undefined
      const t = j < untilJ ? theirs[j++] : undefined
      rows.push({ ours: o, theirs: t, same: false })
      differences.push(describe(o, t))
    }
  }
  for (const [pi, pj] of pairs) {
    flush(pi, pj)
    rows.push({ ours: ours[i++], theirs: theirs[j++], same: true })
  }
  flush(ours.length, theirs.length)
  const postsOurs = ours.filter(isOrderPost).length
  const postsTheirs = theirs.filter(isOrderPost).length
  if (postsOurs !== postsTheirs) differences.unshift(`orders posted: ours ${postsOurs}, theirs ${postsTheirs}`)
  const followOurs = afterRejections(ours)
  const followTheirs = afterRejections(theirs)
  for (const uid of new Set([...followOurs.keys(), ...followTheirs.keys()])) {
    const o = followOurs.get(uid) ?? 'not rejected'
    const t = followTheirs.get(uid) ?? 'not rejected'
    if (o !== t) differences.push(`after the rejection of ${short(uid)}: ours ${o}; theirs ${t}`)
  }
  return { rows, differences, equal: differences.length === 0 }
}

/** What identifies an exchange for the comparison. */
export function exchangeKey(x: JournalLine): string {
  return canonicalJson({
    chainId: x.chainId,
    afterBlock: x.afterBlock,
    method: x.method,
    path: x.path,
    query: x.query,
    request: x.request,
    status: x.status,
  })
}

/** Index pairs of a longest common subsequence (journals are short: a plain table is enough). */
function longestCommon(a: readonly string[], b: readonly string[]): [number, number][] {
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
  const pairs: [number, number][] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++])
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++
    else j++
  }
  return pairs
}

function describe(o: JournalLine | undefined, t: JournalLine | undefined): string {
  if (o && !t) return `only ours: ${oneLine(o)}`
  if (t && !o) return `only theirs: ${oneLine(t)}`
  const ours = o!
  const theirs = t!
  const parts: string[] = []
  if (ours.method !== theirs.method || ours.path !== theirs.path)
    parts.push(`request ${ours.method} ${ours.path} vs ${theirs.method} ${theirs.path}`)
  if (ours.afterBlock !== theirs.afterBlock)
    parts.push(`after block ${ours.afterBlock ?? '?'} (ours) vs ${theirs.afterBlock ?? '?'} (theirs)`)
  if (canonicalJson(ours.request) !== canonicalJson(theirs.request))
    parts.push(`body differs${bodyDifference(ours.request, theirs.request)}`)
  if (ours.status !== theirs.status)
    parts.push(`answered ${ours.status ?? 'never'} (ours) vs ${theirs.status ?? 'never'} (theirs)`)
  return `exchange #${ours.seq}/#${theirs.seq} ${ours.method} ${ours.path}: ${parts.join('; ') || 'differs'}`
}

function bodyDifference(a: unknown, b: unknown): string {
  if (!isRecord(a) || !isRecord(b)) return ''
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  const differing = keys.filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null))
  return differing.length ? ` at ${differing.map((k) => `.${k}`).join(', ')}` : ''
}

/** For each rejected order post: what the engine did next (its next exchange about anything, or nothing). */
function afterRejections(journal: readonly JournalLine[]): Map<string, string> {
  const out = new Map<string, string>()
  journal.forEach((x, i) => {
    if (!isOrderPost(x) || x.status === null || x.status === 201) return
    const key = `${x.uid ?? `#${x.seq}`}@${x.afterBlock ?? '?'}`
    const next = journal[i + 1]
    out.set(key, next ? `then ${oneLine(next)}` : 'then nothing more')
  })
  return out
}

function isOrderPost(x: JournalLine): boolean {
  return x.method === 'POST' && x.path === '/api/v1/orders'
}

export function oneLine(x: JournalLine): string {
  const uid = x.uid ? ` ${short(x.uid)}` : ''
  return `${x.method} ${x.path} after block ${x.afterBlock ?? '?'}${uid} -> ${x.status ?? 'no answer'}${x.errorType ? ` ${x.errorType}` : ''}`
}

function short(uid: string): string {
  return uid.length > 20 ? `${uid.slice(0, 10)}…${uid.slice(-8)}` : uid
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The side-by-side table: `=` rows agree, `≠` rows differ. */
export function renderSideBySide(diff: JournalDiff, theirsLabel: string): string[] {
  const left = diff.rows.map((r) => (r.ours ? oneLine(r.ours) : '-'))
  const width = Math.min(72, Math.max(4, ...left.map((l) => l.length)))
  const lines = [`    ${'ours (in-process)'.padEnd(width)} | theirs (${theirsLabel})`]
  diff.rows.forEach((r, k) => {
    const mark = r.same ? '=' : '≠'
    lines.push(`  ${mark} ${left[k]!.padEnd(width)} | ${r.theirs ? oneLine(r.theirs) : '-'}`)
  })
  return lines
}
