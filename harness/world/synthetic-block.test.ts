import { describe, expect, it } from 'vitest'
import { formatBlock } from 'viem'
import { syntheticBlock } from './synthetic-block.js'

describe('syntheticBlock', () => {
  it('is an empty block with the given identity that viem formats', () => {
    const hash = `0x${'ab'.repeat(32)}` as const
    const parent = `0x${'cd'.repeat(32)}` as const
    const block = formatBlock(syntheticBlock({ number: 7_000_000, timestamp: 1_750_000_000, hash }, parent))
    expect(block.number).toBe(7_000_000n)
    expect(block.timestamp).toBe(1_750_000_000n)
    expect(block.hash).toBe(hash)
    expect(block.parentHash).toBe(parent)
    expect(block.transactions).toEqual([])
    expect(block.logsBloom).toHaveLength(2 + 512)
  })
})
