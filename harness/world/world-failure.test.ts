import { describe, expect, it } from 'vitest'
import { WorldFailureCollector, type WorldFailure } from './world-failure.js'

const failure = (message: string): WorldFailure => ({ source: 'rpc', chainId: 1, atMs: 0, message })

describe('WorldFailureCollector', () => {
  it('keeps failures in order and hands out only the new ones on takeNew', () => {
    const collector = new WorldFailureCollector()
    collector.record(failure('a'))
    collector.record(failure('b'))
    expect(collector.takeNew().map((f) => f.message)).toEqual(['a', 'b'])
    expect(collector.takeNew()).toEqual([])
    collector.record(failure('c'))
    expect(collector.takeNew().map((f) => f.message)).toEqual(['c'])
    expect(collector.all().map((f) => f.message)).toEqual(['a', 'b', 'c'])
    expect(collector.size).toBe(3)
  })
})
