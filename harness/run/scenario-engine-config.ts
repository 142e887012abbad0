// The engine configuration a scenario runs with: its `engine:` path or inline object, loaded by
// the engine's own loader. A configuration the engine refuses is not a harness error: the engine
// is booted with it and fails its boot, as it would in production. The world is the endpoint:
// `rpc_url` is ignored and no environment variable is read (`env` reaches nothing), so the file
// and the seed alone replay the run and no environment value enters the trace.
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import { readInlineEngineConfig } from '../scenario/inline-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import type { IsolationMode } from '../../engine/isolation/module-runner.js'
import type { Scenario } from '../scenario/types.js'

/**
 * `policy` (`run --policy`) wins over the scenario's `orderbook_policy:`, which wins over the
 * engine configuration's: the question "what would this policy have done" overrides them all.
 */
export async function scenarioEngineConfig(
  scenario: Scenario,
  env: Readonly<Record<string, string | undefined>>,
  isolation?: IsolationMode | undefined,
  policy?: string | undefined,
): Promise<EngineConfig | Error> {
  try {
    const config =
      scenario.engine.kind === 'file'
        ? await loadEngineConfigFile(scenario.engine.path, env, { simulated: true })
        : scenario.engineConfig !== undefined
          ? // Read with the file's parse (decision 0238); a copy, as a fresh read is, for each run of the scenario.
            structuredClone(scenario.engineConfig)
          : readInlineEngineConfig(scenario.engine.value, scenario.file, scenario.dir)
    // A simulation never touches an operator's state directory: the store is the world's.
    // Modules run in the engine's thread unless the scenario or the run asks for worker threads
    // (decision 0024): the scenario's `isolation:` first, then the run's, then the engine config's.
    const resolved: EngineConfig = {
      ...config,
      stateDir: null,
      isolation: scenario.isolation ?? isolation ?? config.isolation ?? 'in-process',
    }
    const orderbookPolicy = policy ?? scenario.orderbookPolicy ?? config.orderbookPolicy
    if (orderbookPolicy !== undefined) resolved.orderbookPolicy = orderbookPolicy
    return resolved
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}
