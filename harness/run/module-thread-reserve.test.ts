// Decision 0244 through a real run on this thread: the runner tells the process's module thread
// pool whether worker-isolated files are still ahead, so the last one leaves no thread started in
// reserve.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { probeScenario, scenarioTree } from '../../test/support/scenario-tree.js'
import { pooledModuleThreads } from './pooled-module-threads.js'
import { runScenarios } from './run-scenarios.js'

const library = (file: string) => readFileSync(join('scenarios', file), 'utf8')

describe('module threads in reserve during a run', { timeout: 120_000 }, () => {
  it('a one-thread run keeps no fresh thread idle after its last worker-isolated file', async () => {
    const dir = scenarioTree({
      'a/timer-throw.yaml': library('isolation/timer-throw-traps-its-module.yaml'),
      'b/leaked-interval.yaml': library('isolation/leaked-interval-traps-its-module.yaml'),
      'c/in-process.yaml': probeScenario('in process', 1, 1),
    })
    const results = await runScenarios({ paths: [dir], mode: 'fixture', threads: 1 })
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
    // The reserve started for the second file was taken by it, and none was started after it
    // (a fresh thread idle now would be one). The trapped threads were terminated; what is idle
    // is the witness probe's thread (unless its last run ended with an answer pending: none).
    const idle = pooledModuleThreads.idleThreads(256).map((imported) => [...imported].map((m) => basename(m)))
    expect(idle.filter((imported) => imported.length === 0)).toEqual([])
    expect(idle.flat().every((module) => module === 'probe')).toBe(true)
  })
})
