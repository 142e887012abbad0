// A scenario whose engine fails to boot fails, naming the engine's error, unless it says it
// expects the refusal (`expect: { exit: { reason: boot-failed } }`, final or in a step).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import { fixtureWorld } from './fixture-world.js'
import { MODULES_DIR } from './run-scenarios.js'
import { Simulation } from './simulation.js'

const MISCONFIGURED = `
engine:
  chains: { 11155111: {} }
  modules:
    - { use: price-alert, config: { threshold: "not-a-number" } }
`

async function play(yaml: string): Promise<string[]> {
  const file = join(tempDir('nexum-boot-failure-'), 'scenario.yaml')
  writeFileSync(file, `version: 1\nname: boot\n${yaml}`)
  const scenario = await loadScenarioFile(file, {
    modulesDir: MODULES_DIR,
    moduleIndex: await scanModules(MODULES_DIR),
  })
  const sim = await Simulation.create(scenario, { seed: 1, world: fixtureWorld({ transport: 'in-process' }) })
  return sim.play()
}

describe('a failed boot', () => {
  it('fails a scenario that does not expect it, with the engine’s error (it used to pass, checking nothing)', async () => {
    const failures = await play(`${MISCONFIGURED}steps: []\nexpect:\n  logs: [{ contains: "boot failed" }]\n`)
    expect(failures).toEqual([
      expect.stringMatching(
        /^boot: the engine failed to boot: .*engine\.modules\[0\]\.config\.threshold: expected a decimal number.* \(a scenario about a refused boot declares expect: \{ exit: \{ reason: boot-failed \} \}\)$/,
      ),
    ])
  })

  it('with steps after it: one failure at boot, not one per step', async () => {
    const failures = await play(`${MISCONFIGURED}steps:\n  - block: {}\n  - block: {}\n`)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatch(/^boot: the engine failed to boot: /)
  })

  it('passes when the final expect or a step’s expect names boot-failed', async () => {
    expect(await play(`${MISCONFIGURED}steps: []\nexpect:\n  exit: { reason: boot-failed, code: 1 }\n`)).toEqual([])
    expect(await play(`${MISCONFIGURED}steps:\n  - expect: { exit: { reason: boot-failed } }\n`)).toEqual([])
  })

  it('a boot that succeeds is unaffected by the rule', async () => {
    const ok = `engine:\n  chains: { 11155111: {} }\n  modules:\n    - { use: probe, subscriptions: [{ kind: block, chain_id: 11155111 }] }\nsteps:\n  - block: {}\n`
    expect(await play(ok)).toEqual([])
  })
})
