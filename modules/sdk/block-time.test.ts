import { describe, it, expect } from 'vitest'
import { blockSeconds } from './block-time.js'

const block = (timestamp: number) => ({
  chainId: 11_155_111,
  number: 7_000_000,
  hash: `0x${'ab'.repeat(32)}` as const,
  timestamp,
})

describe('blockSeconds', () => {
  it('floors the millisecond timestamp to header seconds', () => {
    expect(blockSeconds(block(1_750_000_000_999))).toBe(1_750_000_000)
    expect(blockSeconds(block(1_750_000_000_000))).toBe(1_750_000_000)
    expect(blockSeconds(block(0))).toBe(0)
  })
})
