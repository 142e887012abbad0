import { describe, it, expect } from 'vitest'
import type { Hex } from '../../engine/module-api/index.js'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import { type OrderbookFailure, classifyOrderbookError as classifyBy } from './cow/classify-orderbook-error.js'
import {
  backoffDue,
  backoffKey,
  droppedKey,
  firstRejectedBlock,
  isSettled,
  recordDecision,
  repeatKey,
  submissionGate,
  submittedKey,
} from './decision-store.js'
import { MockHost, orderbookRejection } from './testing/index.js'

const uid = `0x${'AB'.repeat(56)}` as Hex
const lower = uid.toLowerCase()
const NOW = 1_700_000_000
const classifyOrderbookError = (failure: OrderbookFailure) => classifyBy(failure, shippedPolicy())

describe('keys', () => {
  it('are <marker>:<lowercase uid>', () => {
    expect(submittedKey(uid)).toBe(`submitted:${lower}`)
    expect(droppedKey(uid)).toBe(`dropped:${lower}`)
    expect(backoffKey(uid)).toBe(`backoff:${lower}`)
  })
})

describe('recordDecision', () => {
  it('a 201 writes an empty submitted marker and reports status 201', async () => {
    const host = new MockHost()
    await recordDecision(host, uid, { decision: 'submitted' }, NOW)
    expect(host.localStore.snapshot()).toEqual([[`submitted:${lower}`, new Uint8Array(0)]])
    expect(host.decisions.reported).toEqual([
      { uid: lower, decision: 'submitted', backoffSeconds: undefined, status: 201, errorType: undefined },
    ])
    expect(await isSettled(host, uid)).toBe(true)
  })

  it('already-submitted writes the submitted marker, clears a backoff and reports the errorType', async () => {
    const host = new MockHost()
    host.localStore.put(backoffKey(uid), String(NOW + 600))
    await recordDecision(
      host,
      uid,
      classifyOrderbookError(orderbookRejection(400, 'DuplicatedOrder', 'order already exists')),
      NOW,
    )
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual([`submitted:${lower}`])
    expect(host.decisions.reported[0]).toMatchObject({
      decision: 'already-submitted',
      status: 400,
      errorType: 'DuplicatedOrder',
    })
  })

  it('drop writes the dropped marker and clears a backoff', async () => {
    const host = new MockHost()
    host.localStore.put(backoffKey(uid), String(NOW + 600))
    await recordDecision(host, uid, classifyOrderbookError(orderbookRejection(400, 'ZeroAmount')), NOW)
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual([`dropped:${lower}`])
    expect(host.decisions.reported[0]).toMatchObject({ decision: 'drop', status: 400, errorType: 'ZeroAmount' })
    expect(await isSettled(host, uid)).toBe(true)
  })

  it('backoff writes the due time in unix seconds as ASCII decimal', async () => {
    const host = new MockHost()
    await recordDecision(host, uid, classifyOrderbookError(orderbookRejection(400, 'InsufficientBalance')), NOW + 0.9)
    expect(host.localStore.text(backoffKey(uid))).toBe(String(NOW + 600))
    expect(host.decisions.reported[0]).toEqual({
      uid: lower,
      decision: 'backoff',
      backoffSeconds: 600,
      status: 400,
      errorType: 'InsufficientBalance',
    })
    expect(await isSettled(host, uid)).toBe(false)
  })

  it('try-next-block writes nothing but is still reported', async () => {
    const host = new MockHost()
    await recordDecision(host, uid, classifyOrderbookError(orderbookRejection(400, 'TransferSimulationFailed')), NOW)
    expect(host.localStore.size).toBe(0)
    expect(host.decisions.reported[0]).toMatchObject({
      decision: 'try-next-block',
      status: 400,
      errorType: 'TransferSimulationFailed',
    })
  })

  it('a drop-on-repeat row remembers the block of the first rejection only; a final decision forgets it', async () => {
    const host = new MockHost()
    const invalid = classifyOrderbookError(orderbookRejection(400, 'InvalidEip1271Signature'))
    await recordDecision(host, uid, invalid, NOW, 7)
    await recordDecision(host, uid, invalid, NOW + 12, 8)
    expect(host.localStore.text(repeatKey(uid))).toBe('7')
    expect(await firstRejectedBlock(host, uid)).toBe(7)
    await recordDecision(host, uid, { ...invalid, decision: 'drop' }, NOW + 24, 10)
    expect(await firstRejectedBlock(host, uid)).toBeUndefined()
    expect(await isSettled(host, uid)).toBe(true)
  })

  it('a plain try-next-block row remembers nothing', async () => {
    const host = new MockHost()
    await recordDecision(host, uid, classifyOrderbookError(orderbookRejection(400, 'InsufficientValidTo')), NOW, 7)
    expect(host.localStore.size).toBe(0)
  })

  it('a store failure rejects and reports nothing', async () => {
    const host = new MockHost()
    host.localStore.failWith({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
    await expect(recordDecision(host, uid, { decision: 'submitted' }, NOW)).rejects.toMatchObject({
      message: 'disk full',
    })
    expect(host.decisions.reported).toEqual([])
  })
})

describe('backoffDue and submissionGate', () => {
  it('a running backoff blocks until its due time, inclusive of expiry', async () => {
    const host = new MockHost()
    await recordDecision(host, uid, { decision: 'backoff', seconds: 60, status: 400 }, NOW)
    expect(await backoffDue(host, uid, NOW)).toBe(NOW + 60)
    expect(await backoffDue(host, uid, NOW + 59)).toBe(NOW + 60)
    expect(await backoffDue(host, uid, NOW + 60)).toBeUndefined()
    expect(await submissionGate(host, uid, NOW + 1)).toEqual({ post: false, reason: 'backoff', dueSec: NOW + 60 })
    expect(await submissionGate(host, uid, NOW + 60)).toEqual({ post: true })
  })

  it('submitted and dropped block for good', async () => {
    const submitted = new MockHost()
    submitted.localStore.put(submittedKey(uid), '')
    expect(await submissionGate(submitted, uid, NOW)).toEqual({ post: false, reason: 'submitted' })
    const dropped = new MockHost()
    dropped.localStore.put(droppedKey(uid), '')
    expect(await submissionGate(dropped, uid, NOW)).toEqual({ post: false, reason: 'dropped' })
  })

  it('a non-decimal backoff value (the Rust engine wrote it empty) counts as expired', async () => {
    const host = new MockHost()
    host.localStore.put(backoffKey(uid), '')
    expect(await backoffDue(host, uid, NOW)).toBeUndefined()
    host.localStore.put(backoffKey(uid), 'soon')
    expect(await submissionGate(host, uid, NOW)).toEqual({ post: true })
  })

  it('decisions survive a new host over the same store contents (a restart)', async () => {
    const before = new MockHost()
    await recordDecision(before, uid, { decision: 'drop', status: 403 }, NOW)
    const after = new MockHost()
    for (const [k, v] of before.localStore.snapshot()) after.localStore.put(k, v)
    expect(await submissionGate(after, uid, NOW)).toEqual({ post: false, reason: 'dropped' })
  })
})
