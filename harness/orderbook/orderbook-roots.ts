// Which chain an orderbook URL belongs to: the public API roots per network, plus any custom
// `orderbook_url` a scenario's engine config names. Paths are matched relative to the root.
import { BaseError } from '../../engine/errors/base-error.js'
import { PUBLIC_ORDERBOOK_ROOTS as ENGINE_ROOTS } from '../../engine/host/orderbook-base-url.js'

/** The public API root of every network the engine knows: the cow-api host's own table, inverted. */
export const PUBLIC_ORDERBOOK_ROOTS: ReadonlyMap<string, number> = new Map(
  Object.entries(ENGINE_ROOTS).map(([chainId, root]) => [root, Number(chainId)]),
)

/**
 * The staging ("barn") root of the same networks: the OpenAPI document's second server per
 * network, and where CoW's client (`getOrderMultiEnv`) looks when production answers 404.
 */
export const STAGING_ORDERBOOK_ROOTS: ReadonlyMap<string, number> = new Map(
  [...PUBLIC_ORDERBOOK_ROOTS].map(([root, chainId]) => [
    root.replace('://api.cow.fi/', '://barn.api.cow.fi/'),
    chainId,
  ]),
)

/** Production (and any custom root) or staging: each keeps its own orders and app data. */
export type OrderbookEnv = 'prod' | 'staging'

export interface RoutedUrl {
  /** The root as configured, without a trailing slash. */
  root: string
  chainId: number
  env: OrderbookEnv
  /** Path relative to the root, always starting with `/`; no query string. */
  path: string
  /** The query string without `?` (`''` when none). */
  query: string
}

interface ParsedRoot {
  root: string
  origin: string
  /** Root path without a trailing slash (`''` for an origin-only root). */
  prefix: string
  chainId: number
  env: OrderbookEnv
}

export class InvalidOrderbookRootError extends BaseError {
  override readonly name = 'InvalidOrderbookRootError'
}

/** A table of parsed roots: by route order (longest prefix first) and by listing order. */
interface RootTable {
  byRoute: readonly Readonly<ParsedRoot>[]
  byRoot: readonly Readonly<ParsedRoot>[]
}

/**
 * Tables already built, by their custom roots (every fake orderbook of a run builds one: ~24 URL
 * parses and two `localeCompare` sorts, per scenario). A table is never changed once built.
 */
const tables = new Map<string, RootTable>()
const TABLES_KEPT = 64

function rootTable(custom: ReadonlyMap<string, number>): RootTable {
  const key = JSON.stringify([...custom])
  let table = tables.get(key)
  if (table === undefined) {
    const all = new Map<string, [number, OrderbookEnv]>()
    for (const [root, chainId] of STAGING_ORDERBOOK_ROOTS) all.set(trimSlash(root), [chainId, 'staging'])
    for (const [root, chainId] of [...PUBLIC_ORDERBOOK_ROOTS, ...custom]) all.set(trimSlash(root), [chainId, 'prod'])
    const parsed = [...all].map(([root, [chainId, env]]) => Object.freeze(parseRoot(root, chainId, env)))
    table = {
      byRoute: [...parsed].sort((a, b) => b.prefix.length - a.prefix.length || a.root.localeCompare(b.root)),
      byRoot: [...parsed].sort((a, b) => a.root.localeCompare(b.root)),
    }
    if (tables.size >= TABLES_KEPT) tables.clear()
    tables.set(key, table)
  }
  return table
}

/** Routes URLs to roots; the longest matching root wins (`/sepolia` beats the bare origin). */
export class OrderbookRoots {
  private readonly parsed: readonly Readonly<ParsedRoot>[]
  readonly #byRoot: readonly Readonly<ParsedRoot>[]

  constructor(custom: ReadonlyMap<string, number> = new Map()) {
    const table = rootTable(custom)
    this.parsed = table.byRoute
    this.#byRoot = table.byRoot
  }

  /** Every root, in a stable order (for registering transport handlers). */
  list(): { root: string; chainId: number; env: OrderbookEnv }[] {
    return this.#byRoot.map(({ root, chainId, env }) => ({ root, chainId, env }))
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
      const base = {
        root: candidate.root,
        chainId: candidate.chainId,
        env: candidate.env,
        query: parsed.search.slice(1),
      }
      if (pathname === candidate.prefix || pathname === `${candidate.prefix}/`) return { ...base, path: '/' }
      if (pathname.startsWith(`${candidate.prefix}/`)) return { ...base, path: pathname.slice(candidate.prefix.length) }
    }
    return undefined
  }
}

function parseRoot(root: string, chainId: number, env: OrderbookEnv): ParsedRoot {
  let url: URL
  try {
    url = new URL(root)
  } catch {
    throw new InvalidOrderbookRootError(`orderbook root is not a URL: ${root}`)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidOrderbookRootError(`orderbook root must not carry a query or fragment: ${root}`)
  }
  return { root, origin: url.origin, prefix: trimSlash(url.pathname), chainId, env }
}

function trimSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text
}
