// Scenario files written to the spec by someone outside the team run unchanged.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarios } from '../harness/run/run-scenarios.js'

const examples = resolve('..', 'shared', 'spec', 'examples')

describe.runIf(existsSync(examples))('shared/spec/examples', () => {
  it('every example passes as written', async () => {
    const results = await runScenarios({ paths: [examples], mode: 'fixture' })
    expect(results.length).toBeGreaterThanOrEqual(3)
    for (const r of results)
      expect({ file: r.file, failures: r.failures, status: r.status }).toEqual({
        file: r.file,
        failures: [],
        status: 'passed',
      })
  })
})
