// Per-UID submission decisions, persisted in the module's local store so they survive a restart
// (docs/orderbook.md: "Decisions are per order UID and survive a restart").
//
// Key formats (namespace = the module; <uid> = 0x + 112 lowercase hex):
//   submitted:<uid>  value empty            the order is on the book (201 or DuplicatedOrder)
//   dropped:<uid>    value empty            permanently refused
//   backoff:<uid>    value ASCII decimal    unix seconds before which the UID must not be posted
//   repeat:<uid>     value ASCII decimal    the block of the UID's first drop-on-repeat rejection
// `submitted:`/`dropped:` are presence markers, as in the Rust engine. A `backoff:` value that is not
// a decimal (the Rust engine's ethflow wrote it empty) counts as already expired.
import type { DecisionKind, Hex, ModuleHost } from '../../engine/module-api/index.js'
import type { ClassificationDetail, OrderbookDecision } from './cow/classify-orderbook-error.js'

export const submittedKey = (uid: string): string => `submitted:${uid.toLowerCase()}`
export const droppedKey = (uid: string): string => `dropped:${uid.toLowerCase()}`
export const backoffKey = (uid: string): string => `backoff:${uid.toLowerCase()}`
export const repeatKey = (uid: string): string => `repeat:${uid.toLowerCase()}`

/** The block of the UID's first drop-on-repeat rejection, when there was one. */
export async function firstRejectedBlock(host: StoreHost, uid: string): Promise<number | undefined> {
  const value = await host.localStore.get(repeatKey(uid))
  if (value === undefined) return undefined
  const text = decoder.decode(value)
  return /^[0-9]+$/.test(text) ? Number(text) : undefined
}

type StoreHost = Pick<ModuleHost, 'localStore'>
type RecordingHost = Pick<ModuleHost, 'localStore' | 'decisions'>

/** A successful POST, or a classified failure. */
export type SubmissionOutcome =
  | (OrderbookDecision & Partial<ClassificationDetail>)
  | { decision: 'submitted'; status?: number | undefined }

const EMPTY = new Uint8Array(0)
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Submitted or dropped: the module must never post this UID again. */
export async function isSettled(host: StoreHost, uid: string): Promise<boolean> {
  return (
    (await host.localStore.get(submittedKey(uid))) !== undefined ||
    (await host.localStore.get(droppedKey(uid))) !== undefined
  )
}

/** The due time (unix seconds) while a backoff is still running at `nowSec`; else undefined. */
export async function backoffDue(host: StoreHost, uid: string, nowSec: number): Promise<number | undefined> {
  const value = await host.localStore.get(backoffKey(uid))
  if (value === undefined) return undefined
  const text = decoder.decode(value)
  if (!/^[0-9]+$/.test(text)) return undefined
  const due = Number(text)
  return nowSec < due ? due : undefined
}

export type SubmissionGate =
  | { post: true }
  | { post: false; reason: 'submitted' }
  | { post: false; reason: 'dropped' }
  | { post: false; reason: 'backoff'; dueSec: number }

/** May the module post `uid` now? Checks submitted, then dropped, then a running backoff. */
export async function submissionGate(host: StoreHost, uid: string, nowSec: number): Promise<SubmissionGate> {
  if ((await host.localStore.get(submittedKey(uid))) !== undefined) return { post: false, reason: 'submitted' }
  if ((await host.localStore.get(droppedKey(uid))) !== undefined) return { post: false, reason: 'dropped' }
  const due = await backoffDue(host, uid, nowSec)
  return due === undefined ? { post: true } : { post: false, reason: 'backoff', dueSec: due }
}

/**
 * Persists what a submission decided, then reports it to host.decisions:
 * submitted / already-submitted → `submitted:` (and clears any backoff); drop → `dropped:` (and
 * clears any backoff); backoff → `backoff:` = floor(nowSec) + seconds; try-next-block → nothing,
 * but a drop-on-repeat row's first rejection remembers its block in `repeat:` (`block` given).
 * A store failure rejects before anything is reported.
 */
export async function recordDecision(
  host: RecordingHost,
  uid: Hex,
  outcome: SubmissionOutcome,
  nowSec: number,
  block?: number,
): Promise<void> {
  const store = host.localStore
  switch (outcome.decision) {
    case 'submitted':
    case 'already-submitted':
      await store.set(submittedKey(uid), EMPTY)
      await store.delete(backoffKey(uid))
      await store.delete(repeatKey(uid))
      break
    case 'drop':
      await store.set(droppedKey(uid), EMPTY)
      await store.delete(backoffKey(uid))
      await store.delete(repeatKey(uid))
      break
    case 'backoff':
      await store.set(backoffKey(uid), encoder.encode(String(Math.floor(nowSec) + outcome.seconds)))
      break
    case 'try-next-block':
      if (outcome.action === 'drop-on-repeat' && block !== undefined)
        if ((await firstRejectedBlock(host, uid)) === undefined)
          await store.set(repeatKey(uid), encoder.encode(String(block)))
      break
  }
  const decision: DecisionKind = outcome.decision
  host.decisions.report({
    uid: uid.toLowerCase() as Hex,
    decision,
    backoffSeconds: outcome.decision === 'backoff' ? outcome.seconds : undefined,
    status: outcome.decision === 'submitted' ? (outcome.status ?? 201) : outcome.status,
    errorType: outcome.decision === 'submitted' ? undefined : outcome.errorType,
  })
}
