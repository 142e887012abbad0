import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { TimerQueue, type QueuedTimer } from './timer-queue.js'

function timer(at: number, seq: number): QueuedTimer {
  return { at, seq, label: `t${seq}`, index: -1 }
}

describe('TimerQueue', () => {
  it('pops by time, then by insertion sequence', () => {
    const q = new TimerQueue()
    q.push(timer(20, 0))
    q.push(timer(10, 1))
    q.push(timer(10, 2))
    q.push(timer(5, 3))
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()].map((t) => t?.seq)).toEqual([3, 1, 2, 0, undefined])
  })

  it('removes any timer and ignores a second removal', () => {
    const q = new TimerQueue()
    const timers = [timer(3, 0), timer(1, 1), timer(2, 2), timer(1, 3)]
    for (const t of timers) q.push(t)
    q.remove(timers[1]!)
    q.remove(timers[1]!)
    expect(q.size).toBe(3)
    expect(q.sorted().map((t) => t.seq)).toEqual([3, 2, 0])
  })

  it('keeps heap order under any interleaving of pushes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), removeIndex: fc.option(fc.nat()) }), {
          maxLength: 60,
        }),
        (ops) => {
          const q = new TimerQueue()
          const live: QueuedTimer[] = []
          ops.forEach((op, seq) => {
            const t = timer(op.at, seq)
            q.push(t)
            live.push(t)
            if (op.removeIndex !== null && live.length > 0) {
              const [gone] = live.splice(op.removeIndex % live.length, 1)
              q.remove(gone!)
            }
          })
          const expected = [...live].sort((a, b) => a.at - b.at || a.seq - b.seq).map((t) => t.seq)
          const popped: number[] = []
          for (let t = q.pop(); t; t = q.pop()) popped.push(t.seq)
          expect(popped).toEqual(expected)
        },
      ),
    )
  })
})
