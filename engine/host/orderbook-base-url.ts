// Which orderbook a chain's `cow-api` calls go to: `[chains.<id>].orderbook_url`, else the public
// API root for the networks CoW Protocol runs on (the Rust engine's list).
import type { ChainConfig } from '../config/types.js'

export const PUBLIC_ORDERBOOK_ROOTS: Readonly<Record<number, string>> = {
  1: 'https://api.cow.fi/mainnet',
  100: 'https://api.cow.fi/xdai',
  11155111: 'https://api.cow.fi/sepolia',
  42161: 'https://api.cow.fi/arbitrum_one',
  8453: 'https://api.cow.fi/base',
}

/** The base URL without a trailing slash, or undefined when the chain has no orderbook. */
export function orderbookBaseUrl(chainId: number, chains: readonly ChainConfig[]): string | undefined {
  const configured = chains.find((c) => c.chainId === chainId)?.orderbookUrl
  const base = configured ?? PUBLIC_ORDERBOOK_ROOTS[chainId]
  return base?.replace(/\/+$/, '')
}

/** `path` under `base`: one leading `/` dropped, then appended (never leaves the base). */
export function orderbookUrl(base: string, path: string): string {
  return `${base}/${path.startsWith('/') ? path.slice(1) : path}`
}
