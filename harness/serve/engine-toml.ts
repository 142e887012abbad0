// An engine.toml for our own engine run as an outside process against a served world (`nexum-sim
// diff`, docs/black-box.md): the scenario's engine configuration, as the engine's loader resolved
// it (absolute module paths, merged names, configs and subscriptions), with each chain's
// `rpc_url` at the served WebSocket URL, `orderbook_url` at the served orderbook, and a state
// directory of its own. Loading the text back gives the same modules in the same order.
import { stringify } from 'smol-toml'
import type { EngineConfig, Subscription } from '../../engine/config/types.js'
import type { ServedUrls } from './served-urls.js'

export function servedEngineToml(config: EngineConfig, urls: ServedUrls, stateDir: string): string {
  const secs = (ms: number) => ms / 1000
  const chains: Record<string, Record<string, string>> = {}
  for (const c of urls.chains) chains[String(c.chainId)] = { rpc_url: c.rpcWs, orderbook_url: c.orderbook }
  const document = {
    engine: {
      state_dir: stateDir,
      log_level: config.logLevel,
      // The in-process run's default, so both sides run modules the same way (decision 0024).
      isolation: config.isolation ?? 'in-process',
      limits: {
        dispatch_deadline_secs: secs(config.limits.dispatchDeadlineMs),
        rpc_timeout_secs: secs(config.limits.rpcTimeoutMs),
        orderbook_timeout_secs: secs(config.limits.orderbookTimeoutMs),
        drain_deadline_secs: secs(config.limits.drainDeadlineMs),
        module_memory_mb: config.limits.moduleMemoryMb,
      },
    },
    chains,
    modules: config.modules.map((m) => ({
      path: m.path,
      manifest: m.manifestPath,
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.config !== undefined ? { config: m.config } : {}),
      ...(m.subscriptions !== undefined ? { subscriptions: m.subscriptions.map(tomlSubscription) } : {}),
    })),
  }
  return `# Written by nexum-sim for a served world (docs/black-box.md); from ${config.file}\n${stringify(document)}\n`
}

function tomlSubscription(s: Subscription): Record<string, string | number> {
  switch (s.kind) {
    case 'block':
      return { kind: 'block', chain_id: s.chainId }
    case 'log':
      return {
        kind: 'log',
        chain_id: s.chainId,
        ...(s.address !== undefined ? { address: s.address } : {}),
        ...(s.eventSignature !== undefined ? { event_signature: s.eventSignature } : {}),
      }
    case 'cron':
      return { kind: 'cron', schedule: s.schedule }
  }
}
