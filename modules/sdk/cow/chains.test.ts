import { describe, it, expect } from 'vitest'
import { COW_CHAIN_IDS, isCowChain } from './chains.js'

describe('isCowChain', () => {
  it('knows the five chains the Rust engine served: mainnet, Gnosis, Sepolia, Arbitrum One, Base', () => {
    expect([...COW_CHAIN_IDS].sort((a, b) => a - b)).toEqual([1, 100, 8453, 42161, 11155111])
    for (const chainId of COW_CHAIN_IDS) expect(isCowChain(chainId)).toBe(true)
  })

  it('refuses any other chain (Goerli, Polygon, a local anvil)', () => {
    for (const chainId of [0, 5, 137, 31337]) expect(isCowChain(chainId)).toBe(false)
  })
})
