// The human lines `serve` and `diff` print at the end: the orderbook journal (every request and
// answer), what the world saw, and the verdict with the line that replays it. Pure.
import { escapeControl } from '../../engine/observe/escape-control.js'
import type { JournalLine, ServedReport } from './served-world.js'

const BODY_CHARS = 400

export function renderJournal(journal: readonly JournalLine[]): string[] {
  const lines = [`orderbook journal (${journal.length} exchange${journal.length === 1 ? '' : 's'}):`]
  for (const x of journal) lines.push(...renderExchange(x))
  return lines
}

export function renderExchange(x: JournalLine): string[] {
  const after = x.afterBlock === null ? 'unknown block' : `block ${x.afterBlock}`
  const answer = `${x.status ?? 'no answer'}${x.errorType ? ` ${x.errorType}` : ''}`
  const path = `${x.path}${x.query ? `?${x.query}` : ''}`
  const out = [`  #${x.seq} chain ${x.chainId} after ${after}: ${x.method} ${escapeControl(path)} -> ${answer}`]
  if (x.request !== null) out.push(`      request ${shorten(x.request)}`)
  if (x.answer !== null) out.push(`      answer  ${shorten(x.answer)}`)
  return out
}

export function renderWorldSaw(report: ServedReport): string[] {
  const counts = (record: Record<string, number>) =>
    Object.keys(record).length
      ? Object.entries(record)
          .map(([k, v]) => `${escapeControl(k)}=${v}`)
          .join(', ')
      : 'none'
  const total = report.played.length
  const lines = [
    'the world saw:',
    `  steps played: ${total}${report.played.length ? ` (last: ${report.played.at(-1)!.at})` : ''}`,
    `  rpc: ${counts(report.clients.rpc)}`,
    `  refused methods: ${counts(report.clients.refused)}`,
    `  subscriptions: ${counts(report.clients.subscriptions)}`,
    `  orderbook requests: ${report.clients.orderbookRequests}`,
  ]
  if (report.clients.rejectedBodies) lines.push(`  malformed or oversized requests: ${report.clients.rejectedBodies}`)
  for (const note of report.notes) lines.push(`  note: ${escapeControl(note)}`)
  if (report.unjudged.length) lines.push(`  not judged black-box (the engine's inside): ${report.unjudged.join(', ')}`)
  return lines
}

/** The verdict, `nexum-sim run`'s way: one bullet per failure, then the replay line. */
export function renderVerdict(report: ServedReport, replay: string): string[] {
  if (report.held) return [`✓ ${report.scenario}: the expectations held`]
  return [
    `✗ ${report.scenario}: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'}`,
    ...report.failures.map((f) => `    • ${escapeControl(f)}`),
    `    replay: ${replay}`,
  ]
}

function shorten(value: unknown): string {
  const text = escapeControl(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value))
  return text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 3)}...` : text
}
