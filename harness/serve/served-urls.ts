// Where a served world answers (decision 0191): the lowest chain at the bare URLs, every other
// chain under `/chain/<id>`; the control endpoint on the RPC port under `/control/`. Printed one
// per line, `name url`, so a script can read them with `grep`/`awk` or a regular expression.
import type { EngineConfig } from '../../engine/config/types.js'
import { DEFAULT_LIMITS } from '../../engine/config/types.js'

export interface ServedChainUrls {
  chainId: number
  rpcHttp: string
  rpcWs: string
  orderbook: string
}

export interface ServedUrls {
  rpcHttp: string
  rpcWs: string
  orderbook: string
  control: string
  chainId: number
  chains: ServedChainUrls[]
}

export function servedUrls(chainIds: readonly number[], rpcPort: number, orderbookPort: number): ServedUrls {
  const sorted = [...chainIds].sort((a, b) => a - b)
  const chains = sorted.map((chainId, i) => ({
    chainId,
    rpcHttp: `http://127.0.0.1:${rpcPort}/${i === 0 ? '' : `chain/${chainId}`}`,
    rpcWs: `ws://127.0.0.1:${rpcPort}/${i === 0 ? '' : `chain/${chainId}`}`,
    orderbook: `http://127.0.0.1:${orderbookPort}${i === 0 ? '' : `/chain/${chainId}`}`,
  }))
  const first = chains[0] ?? {
    chainId: 0,
    rpcHttp: `http://127.0.0.1:${rpcPort}/`,
    rpcWs: `ws://127.0.0.1:${rpcPort}/`,
    orderbook: `http://127.0.0.1:${orderbookPort}`,
  }
  return {
    rpcHttp: first.rpcHttp,
    rpcWs: first.rpcWs,
    orderbook: first.orderbook,
    control: `http://127.0.0.1:${rpcPort}/control`,
    chainId: first.chainId,
    chains,
  }
}

/** The lines `serve` prints at start: one `name url` per line. */
export function urlLines(urls: ServedUrls): string[] {
  const lines = [
    `rpc ${urls.rpcHttp}`,
    `rpc-ws ${urls.rpcWs}`,
    `orderbook ${urls.orderbook}`,
    `control ${urls.control}`,
    `chain-id ${urls.chainId}`,
  ]
  for (const c of urls.chains.slice(1))
    lines.push(
      `rpc@${c.chainId} ${c.rpcHttp}`,
      `rpc-ws@${c.chainId} ${c.rpcWs}`,
      `orderbook@${c.chainId} ${c.orderbook}`,
    )
  return lines
}

/** The environment a command run against the served world gets (`nexum-sim diff`). */
export function servedEnv(urls: ServedUrls): Record<string, string> {
  return {
    NEXUM_RPC_URL: urls.rpcHttp,
    NEXUM_RPC_WS_URL: urls.rpcWs,
    NEXUM_ORDERBOOK_URL: urls.orderbook,
    NEXUM_CHAIN_ID: String(urls.chainId),
  }
}

/**
 * The engine configuration the world is built from, with each chain's orderbook root at its
 * served URL (so the world's orderbook routes what arrives there). A configuration the engine
 * refused still gets a world: its chains are the scenario's.
 */
export function servedConfig(config: EngineConfig | Error, urls: ServedUrls, file: string): EngineConfig {
  const base: EngineConfig =
    config instanceof Error
      ? { file, stateDir: null, logLevel: 'info', limits: DEFAULT_LIMITS, chains: [], modules: [] }
      : config
  const byId = new Map(base.chains.map((c) => [c.chainId, c]))
  return {
    ...base,
    chains: urls.chains.map((c) => ({ ...byId.get(c.chainId), chainId: c.chainId, orderbookUrl: c.orderbook })),
  }
}
