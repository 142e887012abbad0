import { describe, expect, it } from 'vitest'
import { createEventQueue, type LagReport } from './ws-event-queue.js'
import type { StreamItem } from './source.js'

async function drain<T>(iterable: AsyncIterable<StreamItem<T>>): Promise<StreamItem<T>[]> {
  const items: StreamItem<T>[] = []
  for await (const item of iterable) items.push(item)
  return items
}

describe('createEventQueue', () => {
  it('delivers pushed items in push order, including those pushed before the reader came', async () => {
    const queue = createEventQueue<number>()
    queue.push({ ok: true, value: 1 })
    queue.push({ ok: true, value: 2 })
    const reading = drain(queue.stream)
    queue.push({ ok: true, value: 3 })
    const error = new Error('bad')
    queue.push({ ok: false, error })
    queue.end()
    expect(await reading).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
      { ok: true, value: 3 },
      { ok: false, error },
    ])
  })

  it('a source end still delivers what was queued, then ends; later pushes are ignored', async () => {
    const queue = createEventQueue<number>()
    queue.push({ ok: true, value: 1 })
    queue.end()
    queue.push({ ok: true, value: 2 })
    expect(await drain(queue.stream)).toEqual([{ ok: true, value: 1 }])
    expect(queue.ended).toBe(true)
  })

  it('close() ends a waiting reader, drops the backlog, and runs onClose once', async () => {
    let closes = 0
    const queue = createEventQueue<number>(() => closes++)
    const iterator = queue.stream[Symbol.asyncIterator]()
    const waiting = iterator.next()
    queue.stream.close()
    expect(await waiting).toEqual({ done: true, value: undefined })
    queue.push({ ok: true, value: 9 })
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
    queue.stream.close()
    expect(closes).toBe(1)
  })

  it('breaking out of for-await closes the stream', async () => {
    let closes = 0
    const queue = createEventQueue<number>(() => closes++)
    queue.push({ ok: true, value: 1 })
    for await (const item of queue.stream) {
      expect(item).toEqual({ ok: true, value: 1 })
      break
    }
    expect(closes).toBe(1)
  })

  it('a source end does not run onClose (nothing to unsubscribe)', async () => {
    let closes = 0
    const queue = createEventQueue<number>(() => closes++)
    queue.end()
    await drain(queue.stream)
    expect(closes).toBe(0)
  })
})

describe('a bounded queue (decision 0029)', () => {
  const block = (n: number): StreamItem<{ number: number }> => ({ ok: true, value: { number: n } })
  const numbers = (items: StreamItem<{ number: number }>[]) => items.map((i) => (i.ok ? i.value.number : -1))

  it('a block queue at its bound coalesces to the newest head, reported with what it dropped', async () => {
    const reports: LagReport[] = []
    const queue = createEventQueue<{ number: number }>(undefined, {
      max: 4,
      atBound: 'coalesce',
      blockOf: (v) => v.number,
      onLag: (r) => reports.push(r),
    })
    for (let n = 1; n <= 6; n++) queue.push(block(n))
    expect(queue.size).toBe(2) // 1..4 queued, 5 coalesced them away, 6 queued behind it
    queue.end()
    expect(numbers(await drain(queue.stream))).toEqual([5, 6])
    expect(reports.map((r) => r.kind)).toEqual(['behind', 'behind', 'behind', 'behind', 'coalesced', 'caught-up'])
    expect(reports[3]).toMatchObject({ queued: 4, max: 4, oldestBlock: 1, newestBlock: 4 })
    expect(reports[4]).toMatchObject({ kind: 'coalesced', queued: 1, dropped: 4, droppedTotal: 4, oldestBlock: 5 })
  })

  it('reports lag once per quarter crossed, not once per block, and again only after draining', async () => {
    const reports: LagReport[] = []
    const queue = createEventQueue<{ number: number }>(undefined, {
      max: 100,
      atBound: 'coalesce',
      blockOf: (v) => v.number,
      onLag: (r) => reports.push(r),
    })
    for (let n = 1; n <= 60; n++) queue.push(block(n))
    expect(reports.map((r) => [r.kind, r.queued])).toEqual([
      ['behind', 25],
      ['behind', 50],
    ])
    const iterator = queue.stream[Symbol.asyncIterator]()
    for (let i = 0; i < 30; i++) await iterator.next()
    for (let n = 61; n <= 70; n++) queue.push(block(n)) // back to 40 queued: no new line
    expect(reports).toHaveLength(2)
    for (let i = 0; i < 40; i++) await iterator.next()
    expect(reports.at(-1)).toMatchObject({ kind: 'caught-up', queued: 0 })
  })

  it('below the bound nothing is dropped: every item arrives in order', async () => {
    const queue = createEventQueue<{ number: number }>(undefined, { max: 1000, atBound: 'coalesce' })
    for (let n = 1; n <= 1000; n++) queue.push(block(n))
    queue.end()
    expect(numbers(await drain(queue.stream))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
  })

  it('a log queue at its bound is never dropped silently: the stream ends with an error item naming it', async () => {
    const reports: LagReport[] = []
    const queue = createEventQueue<{ number: number }>(undefined, {
      max: 3,
      atBound: 'end',
      blockOf: (v) => v.number,
      describe: 'log stream of module twap on chain 1',
      onLag: (r) => reports.push(r),
    })
    for (let n = 1; n <= 5; n++) queue.push(block(n))
    expect(queue.ended).toBe(true)
    const items = await drain(queue.stream)
    expect(numbers(items.slice(0, 3))).toEqual([1, 2, 3])
    expect(items[3]).toMatchObject({ ok: false, error: { name: 'QueueOverflowError' } })
    expect(items[3]!.ok ? '' : items[3]!.error.message).toBe(
      'log stream of module twap on chain 1: 3 events queued (the bound, [engine.limits]) - the engine is too far behind; the stream ends so that nothing is dropped silently',
    )
    expect(items).toHaveLength(4)
    expect(reports.find((r) => r.kind === 'overflow')).toMatchObject({ queued: 3, oldestBlock: 1, newestBlock: 3 })
  })
})
