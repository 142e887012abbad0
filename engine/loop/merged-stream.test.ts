import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventStream, StreamItem } from '../sources/source.js'
import { MergedStream } from './merged-stream.js'

/** A stream the test feeds by hand, one pending read at a time (as the engine reads it). */
function handStream<T>() {
  const queued: StreamItem<T>[] = []
  let waiting: ((r: IteratorResult<StreamItem<T>>) => void) | undefined
  let ended = false
  const stream: EventStream<T> = {
    close() {},
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const item = queued.shift()
        if (item) return Promise.resolve({ value: item, done: false })
        if (ended) return Promise.resolve({ value: undefined, done: true })
        return new Promise((resolve) => (waiting = resolve))
      },
    }),
  }
  return {
    stream,
    push(value: T) {
      const item: StreamItem<T> = { ok: true, value }
      if (waiting) {
        const w = waiting
        waiting = undefined
        w({ value: item, done: false })
      } else queued.push(item)
    },
    end() {
      ended = true
      waiting?.({ value: undefined, done: true })
    },
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('MergedStream', () => {
  it('gives every item once, in arrival order, through any mix of pushes and takes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 40 })), { maxLength: 60 }),
        async (rounds) => {
          const a = handStream<number>()
          const b = handStream<number>()
          const merged = new MergedStream(
            [
              { stream: a.stream, tag: 'a' },
              { stream: b.stream, tag: 'b' },
            ],
            () => {},
          )
          const sent: string[] = []
          const got: string[] = []
          let next = 0
          for (const [which, pushes] of rounds) {
            // Up to 40 items arrive, then about half of what is queued is taken: the ring wraps and grows.
            for (let i = 0; i < pushes; i++) {
              const side = (which + i) % 2 === 0 ? a : b
              side.push(next)
              sent.push(`${side === a ? 'a' : 'b'}${next++}`)
              await turn()
            }
            for (let i = 0; i < Math.ceil(pushes / 2); i++) {
              const t = merged.take()
              if (t?.item.ok) got.push(`${t.tag}${t.item.value}`)
            }
          }
          for (let t = merged.take(); t; t = merged.take()) if (t.item.ok) got.push(`${t.tag}${t.item.value}`)
          expect(got).toEqual(sent)
          expect(merged.hasItem()).toBe(false)
          a.end()
          b.end()
          await turn()
          expect(merged.ended()).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('holds no item once taken (a long run would otherwise promote every block header)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const source = handStream<{ number: number }>()
    const merged = new MergedStream([{ stream: source.stream, tag: undefined }], () => {})
    const refs: WeakRef<object>[] = []
    for (let n = 0; n < 100; n++) {
      const header = { number: n }
      refs.push(new WeakRef(header))
      source.push(header)
      await turn()
      expect(merged.take()?.item).toEqual({ ok: true, value: { number: n } })
    }
    await turn()
    gc()
    // The pump's own loop variable still names the newest item until the next one comes.
    expect(refs.slice(0, -1).filter((r) => r.deref() !== undefined)).toEqual([])
  })
})
