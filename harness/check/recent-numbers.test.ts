import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RecentNumbers } from './recent-numbers.js'

/** What RecentNumbers replaced (block-times.ts before decision 0216): a Map with delete, set, drop the first. */
class MapModel {
  readonly map = new Map<number, number>()
  constructor(readonly capacity: number) {}
  set(key: number, value: number): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as number)
  }
}

type Op = { set: number; value: number } | { get: number }

/** Keys as a block stream makes them (mostly the next number, reorgs back a few) and as anything else might. */
const key = (around: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 4, arbitrary: around },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Number.NaN, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -7.25, 1e300) },
    { weight: 1, arbitrary: fc.integer().map((n) => n * 1024) },
    { weight: 1, arbitrary: fc.double({ noNaN: false }) },
  )

const ops = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ step: fc.integer({ min: -6, max: 2 }), value: fc.double() }) },
      { weight: 2, arbitrary: fc.record({ set: key(fc.integer({ min: 0, max: 40 })), value: fc.double() }) },
      { weight: 2, arbitrary: fc.record({ get: key(fc.integer({ min: 0, max: 40 })) }) },
    ),
    { maxLength: 400 },
  )
  .map((raw) => {
    // `step`: the next block after the last one set, or a reorg a few numbers back.
    let last = 7_000_000
    return raw.map((op): Op => {
      if ('step' in op) {
        last += op.step === 0 ? 1 : op.step
        return { set: last, value: op.value }
      }
      if ('set' in op) last = op.set
      return op
    })
  })

describe('RecentNumbers', () => {
  it('answers every get as the Map it replaced, for any keys, values and capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 }), ops, (capacity, sequence) => {
        const recent = new RecentNumbers(capacity)
        const model = new MapModel(capacity)
        const seen: number[] = []
        for (const op of sequence) {
          if ('set' in op) {
            recent.set(op.set, op.value)
            model.set(op.set, op.value)
            seen.push(op.set)
          } else expect(recent.get(op.get)).toBe(model.map.get(op.get))
        }
        for (const k of seen) expect(recent.get(k)).toBe(model.map.get(k))
        expect(recent.size).toBe(model.map.size)
        expect(recent.keys()).toEqual([...model.map.keys()])
      }),
      { numRuns: 500 },
    )
  })

  it('grows past its first allocation up to its capacity, then keeps only the newest', () => {
    const capacity = 5_000
    const recent = new RecentNumbers(capacity)
    const model = new MapModel(capacity)
    for (let n = 0; n < 12_000; n++) {
      const number = n % 997 === 0 ? n - 300 : n // a deep reorg now and then
      recent.set(number, number * 12)
      model.set(number, number * 12)
    }
    expect(recent.size).toBe(capacity)
    expect(recent.keys()).toEqual([...model.map.keys()])
    for (let n = -400; n < 12_100; n++) expect(recent.get(n)).toBe(model.map.get(n))
  })

  it('keeps nothing at capacity 0', () => {
    const recent = new RecentNumbers(0)
    recent.set(1, 2)
    expect(recent.get(1)).toBeUndefined()
    expect(recent.size).toBe(0)
  })
})
