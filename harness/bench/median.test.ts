import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { median, medianRun } from './median.js'

describe('median', () => {
  it('is the middle of an odd count and the upper middle of an even one, in any order', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([40, 10, 30, 20])).toBe(30)
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1 }), (xs) => {
        const m = median(xs)
        expect(xs.filter((x) => x < m).length).toBeLessThanOrEqual(Math.floor(xs.length / 2))
        expect(xs.filter((x) => x > m).length).toBeLessThanOrEqual(Math.ceil(xs.length / 2) - 1)
      }),
    )
  })

  it('refuses no values rather than answering undefined', () => {
    expect(() => median([])).toThrow(RangeError)
    expect(() => medianRun([])).toThrow(RangeError)
  })
})

describe('medianRun', () => {
  it('returns the median run by wall time with its own CPU time, and prints every run fastest first', () => {
    const runs = [
      { ms: 712.4, cpuMs: 700 },
      { ms: 640.6, cpuMs: 650 },
      { ms: 905.1, cpuMs: 880 },
    ]
    const { run, range } = medianRun(runs)
    expect(run).toBe(runs[0])
    expect(range).toBe('median of 3 (641, 712, 905 ms)')
  })

  it('picks the run median() picks, and leaves the runs as they were', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 9 }), (times) => {
        const runs = times.map((ms, i) => ({ ms, i }))
        const before = JSON.stringify(runs)
        expect(medianRun(runs).run.ms).toBe(median(times))
        expect(JSON.stringify(runs)).toBe(before)
      }),
    )
  })
})
