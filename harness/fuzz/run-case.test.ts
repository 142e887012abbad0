// The campaign runs each case as scenario data; a regression file replays its YAML text. The two
// must be the same run (decision 0182): same verdict and same trace hash, over many generated cases.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanModules } from '../scenario/module-index.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { fuzzCaseArb } from './arbitraries.js'
import { runCase, runCaseFromYaml } from './run-case.js'

describe('a generated case as data and from its YAML', { timeout: 300_000 }, () => {
  it('gives the same verdict and the same trace hash, for short and 100-step cases of many seeds', async () => {
    const moduleIndex = await scanModules(MODULES_DIR)
    const cases = [
      ...fc.sample(fuzzCaseArb({ maxSteps: 24 }), { seed: 1, numRuns: 40 }),
      ...fc.sample(fuzzCaseArb({ maxSteps: 100, minSteps: 100 }), { seed: 2, numRuns: 25 }),
    ]
    let compared = 0
    for (const [i, c] of cases.entries()) {
      const opts = { seed: 1000 + i, label: `round-trip ${i}`, moduleIndex }
      const direct = await runCase(c, opts)
      const fromYaml = await runCaseFromYaml(c, opts)
      expect(direct.failures, fromYaml.yaml).toEqual(fromYaml.failures)
      expect(direct.traceHash, fromYaml.yaml).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(direct.traceHash, fromYaml.yaml).toBe(fromYaml.traceHash)
      compared++
    }
    expect(compared).toBe(65)
  })
})
