import { describe, expect, it } from 'vitest'
import { ScriptedStream } from './scripted-stream.js'

describe('ScriptedStream', () => {
  it('reads pushed items in order, then ends after end()', async () => {
    const stream = new ScriptedStream<number>()
    expect(stream.push({ ok: true, value: 1 })).toBe(true)
    stream.push({ ok: true, value: 2 })
    stream.end()
    expect(stream.push({ ok: true, value: 3 })).toBe(false)
    const read: number[] = []
    for await (const item of stream) if (item.ok) read.push(item.value)
    expect(read).toEqual([1, 2])
    expect(stream.state).toBe('ended')
  })

  it('wakes a waiting reader with done when the source ends', async () => {
    const stream = new ScriptedStream<number>()
    const next = stream[Symbol.asyncIterator]().next()
    stream.end()
    await expect(next).resolves.toEqual({ value: undefined, done: true })
  })

  it('close() discards unread items and is idempotent', async () => {
    const stream = new ScriptedStream<number>()
    stream.push({ ok: true, value: 1 })
    stream.close()
    stream.close()
    expect(stream.backlog).toBe(0)
    expect(stream.state).toBe('closed')
    await expect(stream[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true })
  })

  it('refuses a second concurrent reader', async () => {
    const stream = new ScriptedStream<number>()
    const iterator = stream[Symbol.asyncIterator]()
    void iterator.next()
    await expect(iterator.next()).rejects.toThrow('single reader')
  })
})
