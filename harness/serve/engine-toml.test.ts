import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { scenarioEngineConfig } from '../run/scenario-engine-config.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { servedEngineToml } from './engine-toml.js'
import { servedUrls } from './served-urls.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('servedEngineToml', () => {
  it("loads back as the scenario's engine, pointed at the served URLs, with a state dir of its own", async () => {
    const file = join(MODULES_DIR, '..', 'scenarios', 'm2', 'twap-ready-tranche-submitted-once.yaml')
    const scenario = await loadScenarioFile(file, { modulesDir: MODULES_DIR })
    const config = await scenarioEngineConfig(scenario, {})
    if (config instanceof Error) throw config
    const urls = servedUrls([11155111], 40123, 40567)
    const dir = mkdtempSync(join(tmpdir(), 'engine-toml-'))
    dirs.push(dir)
    const path = join(dir, 'engine.toml')
    writeFileSync(path, servedEngineToml(config, urls, join(dir, 'state')))
    const loaded = await loadEngineConfigFile(path, {})
    expect(loaded.chains).toEqual([
      { chainId: 11155111, rpcUrl: 'ws://127.0.0.1:40123/', orderbookUrl: 'http://127.0.0.1:40567' },
    ])
    expect(loaded.stateDir).toBe(join(dir, 'state'))
    expect(loaded.isolation).toBe('in-process')
    expect(loaded.limits).toEqual(config.limits)
    expect(loaded.modules.map(({ keyPath: _k, ...m }) => m)).toEqual(config.modules.map(({ keyPath: _k, ...m }) => m))
  })
})
