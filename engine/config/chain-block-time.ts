// How often a chain makes a block: the default poll interval of an http(s):// chain (decision
// 0034). Public figures for the networks CoW Protocol runs on and their testnets; a chain not
// listed polls every 12 s (Ethereum's slot) unless `poll_interval_secs` says otherwise.

const BLOCK_TIME_MS: Readonly<Record<number, number>> = {
  1: 12_000, // Ethereum mainnet (12 s slots)
  11155111: 12_000, // Sepolia
  100: 5_000, // Gnosis Chain
  42161: 250, // Arbitrum One
  8453: 2_000, // Base
  137: 2_000, // Polygon PoS
  43114: 2_000, // Avalanche C-Chain
  56: 3_000, // BNB Smart Chain
  31337: 1_000, // Anvil / Hardhat default chain id
}

export const DEFAULT_BLOCK_TIME_MS = 12_000

export function chainBlockTimeMs(chainId: number): number {
  return BLOCK_TIME_MS[chainId] ?? DEFAULT_BLOCK_TIME_MS
}
