import { describe, expect, it } from 'vitest'
import { createEventQueue } from './ws-event-queue.js'
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
