// The checker model of a scenario: its modules (the engine configuration's `[[modules]]` joined
// with their manifests: the declarations, read with the engine's configuration parser) and what
// each scripted log and drop step carried. Which module should get which event is decided by the
// checker's own rules, never by the engine's dispatch code.
import { type ReadManifest, resolveModules } from '../../engine/config/resolve-modules.js'
import type { EngineConfig } from '../../engine/config/types.js'
import type { Cassette } from '../cassette/cassette.js'
import type { Scenario, Step } from '../scenario/types.js'
import { DEFAULT_POLICY_FILE } from '../../engine/orderbook-policy/policy-files.js'
import { type PolicyModel, policyModel } from '../orderbook/policy-model.js'
import {
  type CheckerModel,
  type DropModel,
  type EmittedLogModel,
  type ModuleModel,
  cassetteLogKey,
} from './checker-model.js'

export async function buildCheckerModel(
  scenario: Scenario,
  config: EngineConfig | Error,
  cassette: Cassette | undefined,
  defaultChain: number,
  readManifest?: ReadManifest,
): Promise<CheckerModel> {
  const logs = new Map<string, EmittedLogModel>()
  const drops = new Map<string, DropModel>()
  const visit = (step: Step) => {
    if (step.kind === 'log')
      logs.set(step.at, {
        chainId: step.chain ?? defaultChain,
        address: step.address.toLowerCase(),
        topics: step.topics.map((t) => t.toLowerCase()),
        blockNumber: step.block,
      })
    else if (step.kind === 'drop') drops.set(step.at, { stream: step.stream, chain: step.chain, module: step.module })
    for (const inner of innerSteps(step)) visit(inner)
  }
  for (const step of scenario.steps) visit(step)
  for (const [chainId, recorded] of cassette?.chains ?? [])
    for (const log of recorded.logs)
      logs.set(cassetteLogKey(chainId, log.blockNumber ?? 0, log.logIndex ?? 0), {
        chainId,
        address: log.address.toLowerCase(),
        topics: log.topics.map((t) => t.toLowerCase()),
        blockNumber: log.blockNumber ?? 0,
      })
  return { modules: await modulesOf(config, readManifest), logs, drops, policy: policyOf(config) }
}

/** The judge's reading of the policy file the engine boots with; none when it does not load. */
function policyOf(config: EngineConfig | Error): PolicyModel | undefined {
  if (config instanceof Error) return undefined
  try {
    return policyModel(config.orderbookPolicy ?? DEFAULT_POLICY_FILE)
  } catch {
    // The engine refuses this file at boot: no module runs, no POST to judge.
    return undefined
  }
}

/** Steps nested in a step (a `burst:`'s events). */
function innerSteps(step: Step): readonly Step[] {
  return 'events' in step && Array.isArray(step.events) ? (step.events as Step[]) : []
}

async function modulesOf(config: EngineConfig | Error, readManifest?: ReadManifest): Promise<ModuleModel[]> {
  if (config instanceof Error) return []
  try {
    const resolved = await resolveModules(config, readManifest)
    return resolved.map((r) => ({
      name: r.name,
      blockChains: r.subscriptions.flatMap((s) => (s.kind === 'block' ? [s.chainId] : [])),
      logFilters: r.subscriptions.flatMap((s) =>
        s.kind === 'log'
          ? [{ chainId: s.chainId, address: s.address?.toLowerCase(), topic0: s.eventSignature?.toLowerCase() }]
          : [],
      ),
    }))
  } catch {
    // The engine refuses this configuration at boot; the checker then expects no dispatch at all.
    return []
  }
}
