// The scenario library: every file passes, twice with the same trace hash, and the in-process
// orderbook transport gives the same trace as MSW on the real fetch path.
import { describe, expect, it } from 'vitest'
import { MODULES_DIR } from '../harness/run/run-scenarios.js'
import { runScenario } from '../harness/run/run-scenario.js'
import { discoverScenarioFiles } from '../harness/scenario/discover-scenarios.js'
import { loadScenarioFile } from '../harness/scenario/load-scenario.js'
import { scanModules } from '../harness/scenario/module-index.js'

const files = await discoverScenarioFiles(['scenarios'])
const moduleIndex = await scanModules(MODULES_DIR)

describe('the scenario library', () => {
  it('has at least 30 scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(30)
  })

  for (const file of files) {
    it(`${file.slice(file.indexOf('scenarios/'))} passes, deterministically, on both orderbook transports`, async () => {
      const scenario = await loadScenarioFile(file, { modulesDir: MODULES_DIR, moduleIndex })
      const first = await runScenario(scenario, { mode: 'fixture', transport: 'msw' })
      expect(first.failures).toEqual([])
      expect(first.status).toBe('passed')
      const second = await runScenario(scenario, { mode: 'fixture', transport: 'msw' })
      expect(second.traceHash).toBe(first.traceHash)
      const inProcess = await runScenario(scenario, { mode: 'fixture', transport: 'in-process' })
      expect(inProcess.traceLines).toEqual(first.traceLines)
      // An isolated CPU loop is given 5 s of real time, three runs here (decision 0024).
    }, 120_000)
  }
})
