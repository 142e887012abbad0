import { describe, it, expect } from 'vitest'
import { blockSeconds } from '../sdk/index.js'
import { MockHost } from '../sdk/testing/index.js'
import { dropWatch, isGated, readGates, setNextBlock, setNextEpoch } from './poll-gates.js'
import { SAFE, T0, block } from './test-fixtures.js'
import { nextBlockKey, nextEpochKey, watchKey } from './watch-keys.js'

const id = { owner: SAFE, paramsHash: `0x${'cd'.repeat(32)}` } as const

describe('isGated', () => {
  it('holds a watch back while block.number < next_block, and lets it through at n', () => {
    const n = BigInt(block(5).number)
    expect(isGated({ nextBlock: n }, block(4))).toBe(true)
    expect(isGated({ nextBlock: n }, block(5))).toBe(false)
    expect(isGated({ nextBlock: n }, block(6))).toBe(false)
  })

  it('compares next_epoch with the block timestamp in whole seconds', () => {
    const b = { ...block(0), timestamp: T0 * 1000 + 999 }
    expect(blockSeconds(b)).toBe(T0)
    expect(isGated({ nextEpoch: BigInt(T0 + 1) }, b)).toBe(true)
    expect(isGated({ nextEpoch: BigInt(T0) }, b)).toBe(false)
  })

  it('holds back when either gate holds; no gates never holds', () => {
    expect(isGated({}, block(0))).toBe(false)
    expect(isGated({ nextBlock: 0n, nextEpoch: BigInt(T0 + 100) }, block(0))).toBe(true)
  })
})

describe('gate storage', () => {
  it('writes u64 LE values that readGates reads back', async () => {
    const host = new MockHost()
    await setNextBlock(host, id, 7_000_010n)
    await setNextEpoch(host, id, BigInt(T0 + 60))
    expect(await readGates(host, id)).toEqual({ nextBlock: 7_000_010n, nextEpoch: BigInt(T0 + 60) })
    expect([...(await host.localStore.get(nextBlockKey(id)))!]).toEqual([0xca, 0xcf, 0x6a, 0, 0, 0, 0, 0])
  })

  it('a value of the wrong length is no gate', async () => {
    const host = new MockHost()
    host.localStore.put(nextBlockKey(id), 'garbage')
    expect(await readGates(host, id)).toEqual({ nextBlock: undefined, nextEpoch: undefined })
  })

  it('dropWatch removes the watch and both gates only', async () => {
    const host = new MockHost()
    host.localStore
      .put(watchKey(id), 'x')
      .put(nextBlockKey(id), 'x')
      .put(nextEpochKey(id), 'x')
      .put('submitted:0x01', '')
    await dropWatch(host, watchKey(id), id)
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual(['submitted:0x01'])
  })
})
