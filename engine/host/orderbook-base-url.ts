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

/**
 * The chain whose orderbook root a URL is under, and the path below that root: what the journal
 * and the recorder keep instead of the URL (no host, no credentials). Chain 0 and the URL's own
 * path when no root matches.
 */
export function orderbookRoute(url: string, chains: readonly ChainConfig[]): { chain: number; path: string } {
  const ids = new Set([...chains.map((c) => c.chainId), ...Object.keys(PUBLIC_ORDERBOOK_ROOTS).map(Number)])
  for (const chain of ids) {
    const base = orderbookBaseUrl(chain, chains)
    if (base !== undefined && (url === base || url.startsWith(`${base}/`)))
      return { chain, path: url.slice(base.length) || '/' }
  }
  try {
    const u = new URL(url)
    return { chain: 0, path: `${u.pathname}${u.search}` }
  } catch {
    return { chain: 0, path: '/' }
  }
}
