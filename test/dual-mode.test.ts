// Both modes, one verdict: every scenario of the library that declares fixture and anvil passes
// on a real anvil node too, and its decision trace (dispatches and decisions) hashes the same in
// both modes. The library's dual-mode set covers what issue 11 names: the M3 runbook, stop-loss
// posting, a TWAP polled on the real ComposableCoW bytecode, an EthFlow placement, a stream drop,
// a restart, a reorg and orderbook rejections.
import { basename } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createAnvilPool } from '../harness/anvil/anvil-pool.js'
import { runScenario } from '../harness/run/run-scenario.js'
import { MODULES_DIR } from '../harness/run/run-scenarios.js'
import { discoverScenarioFiles } from '../harness/scenario/discover-scenarios.js'
import { loadScenarioFile } from '../harness/scenario/load-scenario.js'
import { scanModules } from '../harness/scenario/module-index.js'

const moduleIndex = await scanModules(MODULES_DIR)
const scenarios = await Promise.all(
  (await discoverScenarioFiles(['scenarios'])).map((file) =>
    loadScenarioFile(file, { modulesDir: MODULES_DIR, moduleIndex }),
  ),
)
const dual = scenarios.filter((s) => s.modes.includes('fixture') && s.modes.includes('anvil'))
const pool = createAnvilPool(2)
afterAll(() => pool.close())

const named = (file: string) => file.slice(file.indexOf('scenarios/'))

describe('dual-mode scenarios', () => {
  it('at least 20, covering the runbook, stop-loss, TWAP, EthFlow, a drop, a restart, a reorg and rejections', () => {
    expect(dual.length).toBeGreaterThanOrEqual(20)
    const files = dual.map((s) => named(s.file))
    for (const required of [
      'scenarios/m3/runbook-first-block.yaml',
      'scenarios/m3/stop-loss-idle-until-trigger.yaml',
      'scenarios/m2/twap-ready-tranche-submitted-once.yaml',
      'scenarios/m2/ethflow-placement-observed.yaml',
      'scenarios/streams/block-drop-single-chain.yaml',
      'scenarios/restart/stop-loss-submitted-survives.yaml',
      'scenarios/streams/reorg-replaces-blocks.yaml',
      'scenarios/orderbook/insufficient-balance-backoff.yaml',
      'scenarios/orderbook/insufficient-allowance-backoff.yaml',
      'scenarios/orderbook/invalid-signature-drop.yaml',
      'scenarios/orderbook/unfunded-owner-funded-mid-run.yaml',
    ])
      expect(files).toContain(required)
  })

  for (const scenario of dual)
    it(`${named(scenario.file)}: passes on anvil with the fixture decision trace`, async () => {
      const fixture = await runScenario(scenario, { mode: 'fixture', transport: 'in-process' })
      expect(fixture.failures).toEqual([])
      const anvil = await runScenario(scenario, { mode: 'anvil', anvilPool: pool })
      expect(anvil.failures, `${basename(scenario.file)} in anvil mode`).toEqual([])
      expect(anvil.decisionLines).toEqual(fixture.decisionLines)
      expect(anvil.decisionHash).toBe(fixture.decisionHash)
    })
})
