// The chains cowprotocol has a settlement deployment and orderbook for (the Rust engine's
// `Chain::try_from`): mainnet, Gnosis, Sepolia, Arbitrum One, Base.
export const COW_CHAIN_IDS: readonly number[] = [1, 100, 11155111, 42161, 8453]

export function isCowChain(chainId: number): boolean {
  return COW_CHAIN_IDS.includes(chainId)
}
