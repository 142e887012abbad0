import { describe, expect, it } from 'vitest'
import { deriveBlockHash } from './block-hash.js'
import { BlockHistory, RECENT_BLOCKS_KEPT } from './block-history.js'

const SEED = 1
const CHAIN = 11155111
const hash = (n: number) => deriveBlockHash(SEED, CHAIN, n)

describe('BlockHistory', () => {
  it('starts at the declared head with a derived hash', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 100, timestamp: 1000 })
    expect(history.head()).toEqual({ number: 100, timestamp: 1000, hash: hash(100) })
  })

  it('defaults the first block to the head itself, then +1 and +12 s', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 100, timestamp: 1000 })
    const first = history.nextHeader()
    expect(first).toEqual({ number: 100, timestamp: 1000, hash: hash(100) })
    expect(history.nextHeader()).toEqual(first) // pure until the runner sets the head
    history.setHead(first)
    expect(history.nextHeader()).toEqual({ number: 101, timestamp: 1012, hash: hash(101) })
    history.setHead({ number: 150, timestamp: 5000, hash: hash(150) })
    expect(history.nextHeader({ timestamp: 6000 })).toEqual({ number: 151, timestamp: 6000, hash: hash(151) })
  })

  it('knows emitted blocks, synthesises older ones 12 s apart, and has none above the head', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 100, timestamp: 1000 })
    const custom = { number: 105, timestamp: 2000, hash: `0x${'cd'.repeat(32)}` as const }
    history.setHead(custom)
    expect(history.headerAt(105)).toEqual(custom)
    expect(history.headerAt(100)).toEqual({ number: 100, timestamp: 1000, hash: hash(100) })
    // Between known blocks: counted back from the nearest known block above.
    expect(history.headerAt(103)).toEqual({ number: 103, timestamp: 1976, hash: hash(103) })
    expect(history.headerAt(98)).toEqual({ number: 98, timestamp: 976, hash: hash(98) })
    expect(history.headerAt(0)?.timestamp).toBe(0)
    expect(history.headerAt(106)).toBeUndefined()
    expect(history.headerByHash(custom.hash.toUpperCase().replace('0X', '0x') as `0x${string}`)).toEqual(custom)
    expect(history.headerByHash(hash(103))).toBeUndefined()
  })

  it('links parent hashes to known blocks first', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 100, timestamp: 1000 })
    const custom = { number: 101, timestamp: 1012, hash: `0x${'cd'.repeat(32)}` as const }
    history.setHead(custom)
    expect(history.parentHashOf(102)).toBe(custom.hash)
    expect(history.parentHashOf(101)).toBe(hash(100))
    expect(history.parentHashOf(50)).toBe(hash(49))
    expect(history.parentHashOf(0)).toBe(`0x${'0'.repeat(64)}`)
  })

  it('treats an earlier block as a reorg: it becomes the head', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 100, timestamp: 1000 })
    history.setHead({ number: 101, timestamp: 1012, hash: hash(101) })
    const sibling = { number: 101, timestamp: 1013, hash: `0x${'ef'.repeat(32)}` as const }
    history.setHead(sibling)
    expect(history.head()).toEqual(sibling)
    expect(history.headerAt(101)).toEqual(sibling)
  })

  it('holds a long run in flat memory and answers every block as before', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 1000, timestamp: 10_000 })
    const scripted = { number: 1500, timestamp: 20_000, hash: `0x${'ab'.repeat(32)}` as const }
    const total = RECENT_BLOCKS_KEPT * 3
    let header = history.nextHeader()
    history.setHead(header)
    const expected = new Map<number, { number: number; timestamp: number; hash: string }>([[header.number, header]])
    for (let i = 1; i < total; i++) {
      header = header.number + 1 === scripted.number ? scripted : history.nextHeader()
      history.setHead(header)
      expected.set(header.number, header)
    }
    // Every block the script emitted, each answered exactly as it was emitted.
    for (const [n, want] of expected) expect(history.headerAt(n)).toEqual(want)
    // Below the first emitted block: still 12 s apart from it.
    expect(history.headerAt(999)).toEqual({ number: 999, timestamp: 9988, hash: hash(999) })
    // The recent window, the scripted block and the one after it (its time is not rebuildable): no more.
    expect(history.heldBlocks()).toBeLessThanOrEqual(RECENT_BLOCKS_KEPT + 4)
    expect(history.headerByHash(scripted.hash)).toEqual(scripted)
    expect(history.headerByHash(history.head().hash)).toEqual(history.head())
  })

  it('a reorg inside the recent window replaces blocks and keeps answering them', () => {
    const history = new BlockHistory(SEED, CHAIN, { number: 0, timestamp: 0 })
    for (let i = 0; i < RECENT_BLOCKS_KEPT + 10; i++) history.setHead(history.nextHeader())
    const head = history.head().number
    const replacement = {
      number: head - 2,
      timestamp: history.head().timestamp + 1,
      hash: `0x${'ee'.repeat(32)}` as const,
    }
    history.setHead(replacement)
    expect(history.headerAt(head - 2)).toEqual(replacement)
    expect(history.headerAt(head - 1)).toBeUndefined() // above the new head
    expect(history.headerAt(head - 3)?.timestamp).toBe((head - 3) * 12)
  })
})
