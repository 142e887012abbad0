// A scenario's inline engine, read with the file's parse (decision 0238): what a load hands over
// is what the engine's loader gives for the same value, fresh; a cached or parsed-ahead load gives
// an equal copy, an edit is read again, and an engine the loader refuses is left to the boot,
// which reports exactly what it reported before.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { scanModules } from './module-index.js'
import { discoverScenarioFiles } from './discover-scenarios.js'
import { readInlineEngineConfig } from './inline-engine-config.js'
import { loadScenarioFile, parseScenarioFileAhead } from './load-scenario.js'
import { adoptParsedScenario, forgetParsedScenarios } from './parsed-scenario-cache.js'
import { scenarioEngineConfig } from '../run/scenario-engine-config.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { tempDir } from '../../test/support/temp-dir.js'
import type { Scenario } from './types.js'

const scenarioText = (blocks: number, extra = '') => `version: 1
name: inline engine
engine:
  chains: { 11155111: {} }
  modules:
    - use: probe
      subscriptions: [ { kind: block, chain_id: 11155111 } ]
      config: { blocks: ${blocks} }${extra}
steps:
  - blocks: { count: 1 }
`

/** The run's engine configuration when the load had not read the inline engine (as before decision 0238). */
async function freshEngineConfig(scenario: Scenario) {
  return scenarioEngineConfig({ ...scenario, engineConfig: undefined }, {})
}

beforeEach(() => forgetParsedScenarios())

describe('the inline engine read with the parse', { timeout: 60_000 }, () => {
  it('is, for every inline engine of the library, what the engine loader reads fresh', async () => {
    const moduleIndex = await scanModules(MODULES_DIR)
    const files = await discoverScenarioFiles([path.join(process.cwd(), 'scenarios')])
    let inline = 0
    let refused = 0
    for (const file of files) {
      const scenario = await loadScenarioFile(file, { modulesDir: MODULES_DIR, moduleIndex })
      if (scenario.engine.kind !== 'inline') {
        expect(scenario.engineConfig).toBeUndefined()
        continue
      }
      inline++
      let fresh: unknown
      try {
        fresh = readInlineEngineConfig(scenario.engine.value, scenario.file, scenario.dir)
      } catch (error) {
        fresh = error
      }
      if (fresh instanceof Error) {
        refused++
        expect(scenario.engineConfig).toBeUndefined()
      } else expect(scenario.engineConfig).toEqual(fresh)
      // The run's configuration is the same either way, a refusal included (its message too).
      expect(await scenarioEngineConfig(scenario, {})).toEqual(await freshEngineConfig(scenario))
    }
    // The library has both kinds: engines that boot and engines the loader refuses.
    expect(inline).toBeGreaterThan(50)
    expect(refused).toBeGreaterThan(0)
  })

  it('a cached load and a parse ahead give an equal copy; an edit is read again', async () => {
    const dir = tempDir('inline-engine-')
    const file = path.join(dir, 'inline.yaml')
    writeFileSync(file, scenarioText(3))
    const moduleIndex = await scanModules(MODULES_DIR)
    const opts = { modulesDir: MODULES_DIR, moduleIndex }
    const first = await loadScenarioFile(file, opts)
    expect(first.engineConfig?.modules[0]?.config).toMatchObject({ blocks: '3' })
    const again = await loadScenarioFile(file, opts)
    expect(again.engineConfig).toEqual(first.engineConfig)
    expect(again.engineConfig).not.toBe(first.engineConfig)
    // Parsed on another thread, adopted here: the same configuration.
    forgetParsedScenarios()
    const ahead = await parseScenarioFileAhead(file, opts)
    forgetParsedScenarios()
    adoptParsedScenario(ahead!.key, ahead!.entry.slice())
    expect((await loadScenarioFile(file, opts)).engineConfig).toEqual(first.engineConfig)
    // Edited: read again.
    writeFileSync(file, scenarioText(5))
    const edited = await loadScenarioFile(file, opts)
    expect(edited.engineConfig?.modules[0]?.config).toMatchObject({ blocks: '5' })
    if (edited.engine.kind !== 'inline') throw new Error('expected an inline engine')
    expect(edited.engineConfig).toEqual(readInlineEngineConfig(edited.engine.value, edited.file, edited.dir))
  })

  it('each run of a loaded scenario gets its own copy', async () => {
    const dir = tempDir('inline-engine-')
    const file = path.join(dir, 'inline.yaml')
    writeFileSync(file, scenarioText(2))
    const scenario = await loadScenarioFile(file, {
      modulesDir: MODULES_DIR,
      moduleIndex: await scanModules(MODULES_DIR),
    })
    const one = await scenarioEngineConfig(scenario, {})
    const two = await scenarioEngineConfig(scenario, {})
    if (one instanceof Error || two instanceof Error) throw new Error('expected the probe engine to load')
    expect(two).toEqual(one)
    expect(two.modules).not.toBe(one.modules)
    expect(two.modules[0]).not.toBe(scenario.engineConfig?.modules[0])
  })

  it('an engine the loader refuses reaches the boot unread, with the same error', async () => {
    const dir = tempDir('inline-engine-')
    const file = path.join(dir, 'refused.yaml')
    writeFileSync(file, readFileSync(path.join('scenarios', 'boot', 'unknown-capability.yaml'), 'utf8'))
    const scenario = await loadScenarioFile(file, {
      modulesDir: MODULES_DIR,
      moduleIndex: await scanModules(MODULES_DIR),
    })
    const error = await scenarioEngineConfig(scenario, {})
    expect(error).toEqual(await freshEngineConfig(scenario))
  })
})
