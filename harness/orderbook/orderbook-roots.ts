// Which chain an orderbook URL belongs to: the public API roots per network, plus any custom
// `orderbook_url` a scenario's engine config names. Paths are matched relative to the root.
import { PUBLIC_ORDERBOOK_ROOTS as ENGINE_ROOTS } from '../../engine/host/orderbook-base-url.js'

/** The public API root of every network the engine knows: the cow-api host's own table, inverted. */
export const PUBLIC_ORDERBOOK_ROOTS: ReadonlyMap<string, number> = new Map(
  Object.entries(ENGINE_ROOTS).map(([chainId, root]) => [root, Number(chainId)]),
)

export interface RoutedUrl {
  /** The root as configured, without a trailing slash. */
  root: string
  chainId: number
  /** Path relative to the root, always starting with `/`; no query string. */
  path: string
}

interface ParsedRoot {
  root: string
  origin: string
  /** Root path without a trailing slash (`''` for an origin-only root). */
  prefix: string
  chainId: number
}

export class InvalidOrderbookRootError extends Error {
  override readonly name = 'InvalidOrderbookRootError'
}

/** Routes URLs to roots; the longest matching root wins (`/sepolia` beats the bare origin). */
export class OrderbookRoots {
  private readonly parsed: ParsedRoot[]

  constructor(custom: ReadonlyMap<string, number> = new Map()) {
    const all = new Map<string, number>()
    for (const [root, chainId] of [...PUBLIC_ORDERBOOK_ROOTS, ...custom]) all.set(trimSlash(root), chainId)
    this.parsed = [...all].map(([root, chainId]) => parseRoot(root, chainId))
    this.parsed.sort((a, b) => b.prefix.length - a.prefix.length || a.root.localeCompare(b.root))
  }

  /** Every root, in a stable order (for registering transport handlers). */
  list(): { root: string; chainId: number }[] {
    return this.parsed.map(({ root, chainId }) => ({ root, chainId })).sort((a, b) => a.root.localeCompare(b.root))
  }

  route(url: string): RoutedUrl | undefined {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return undefined
    }
    for (const candidate of this.parsed) {
      if (parsed.origin !== candidate.origin) continue
      const pathname = parsed.pathname
      if (pathname === candidate.prefix || pathname === `${candidate.prefix}/`) {
        return { root: candidate.root, chainId: candidate.chainId, path: '/' }
      }
      if (pathname.startsWith(`${candidate.prefix}/`)) {
        return { root: candidate.root, chainId: candidate.chainId, path: pathname.slice(candidate.prefix.length) }
      }
    }
    return undefined
  }
}

function parseRoot(root: string, chainId: number): ParsedRoot {
  let url: URL
  try {
    url = new URL(root)
  } catch {
    throw new InvalidOrderbookRootError(`orderbook root is not a URL: ${root}`)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidOrderbookRootError(`orderbook root must not carry a query or fragment: ${root}`)
  }
  return { root, origin: url.origin, prefix: trimSlash(url.pathname), chainId }
}

function trimSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text
}
