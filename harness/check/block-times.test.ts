import { describe, expect, it } from 'vitest'
import { BlockTimes } from './block-times.js'
import { traceEntry } from './trace-entry.js'

let line = 0
const block = (chainId: number, number: number, timestamp: number) => {
  const fields = { t: 0, type: 'block', chainId, number, timestamp }
  return traceEntry(JSON.stringify(fields), ++line, fields)
}

describe('BlockTimes', () => {
  it('answers a traced block by chain and number, and each chain’s latest', () => {
    const times = new BlockTimes()
    times.observe(block(1, 10, 1000))
    times.observe(block(100, 10, 5000))
    times.observe(block(1, 11, 1012))
    expect(times.at(1, 10)).toBe(1000)
    expect(times.at(100, 10)).toBe(5000)
    expect(times.at(1, 12)).toBeUndefined()
    expect(times.latest(1)).toEqual({ number: 11, timestamp: 1012 })
    expect(times.latest(100)).toEqual({ number: 10, timestamp: 5000 })
    expect(times.latest(5)).toBeUndefined()
  })

  it('a reorg’s replacement overwrites its number’s time, and becomes the latest', () => {
    const times = new BlockTimes()
    times.observe(block(1, 10, 1000))
    times.observe(block(1, 11, 1012))
    times.observe(block(1, 10, 990))
    expect(times.at(1, 10)).toBe(990)
    expect(times.latest(1)).toEqual({ number: 10, timestamp: 990 })
  })

  it('keeps only the newest numbers per chain, by when each was last traced', () => {
    const times = new BlockTimes(3)
    for (const n of [1, 2, 3]) times.observe(block(1, n, n * 12))
    times.observe(block(1, 1, 7)) // re-traced: now the newest
    times.observe(block(1, 4, 48))
    expect(times.at(1, 2)).toBeUndefined()
    expect([1, 3, 4].map((n) => times.at(1, n))).toEqual([7, 36, 48])
    times.observe(block(2, 1, 5)) // another chain has its own budget
    expect(times.at(1, 3)).toBe(36)
  })

  it('ignores a line without chain, number or timestamp', () => {
    const times = new BlockTimes()
    const fields = { t: 0, type: 'block', chainId: 1, number: 3 }
    times.observe(traceEntry(JSON.stringify(fields), 1, fields))
    expect(times.latest(1)).toBeUndefined()
  })
})
