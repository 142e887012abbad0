// Module isolation (decision 0024): the library plays the same in both settings, and every
// failure kind an isolated module can have is trapped, named, and deterministic.
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { runScenarios } from '../harness/run/run-scenarios.js'

const LIBRARY = fileURLToPath(new URL('../scenarios', import.meta.url))
const ISOLATION = fileURLToPath(new URL('../scenarios/isolation', import.meta.url))

describe('module isolation', () => {
  it('runs the whole library to identical traces in worker threads and in process', async () => {
    const byFile = async (isolation: 'worker' | 'in-process') =>
      new Map(
        (await runScenarios({ paths: [LIBRARY], mode: 'fixture', isolation })).map((r) => [
          r.file,
          { status: r.status, failures: r.failures, traceHash: r.traceHash },
        ]),
      )
    const inProcess = await byFile('in-process')
    const worker = await byFile('worker')
    expect(inProcess.size).toBeGreaterThan(60)
    expect([...worker.keys()]).toEqual([...inProcess.keys()])
    for (const [file, result] of inProcess) expect(worker.get(file), file).toEqual(result)
  }, 600_000)

  it('traps every failure kind the same way twice (the same trace hash)', async () => {
    const run = async () => await runScenarios({ paths: [ISOLATION], mode: 'fixture' })
    const first = await run()
    const second = await run()
    expect(first.map((r) => r.file.replace(/^.*\//, ''))).toEqual([
      'cpu-loop-trapped-at-deadline.yaml',
      'floating-rejection-traps-its-module.yaml',
      'leaked-interval-traps-its-module.yaml',
      'memory-bomb-trapped-at-heap-limit.yaml',
      'timer-throw-traps-its-module.yaml',
    ])
    for (const r of first) expect(r.failures, r.file).toEqual([])
    expect(second.map((r) => r.traceHash)).toEqual(first.map((r) => r.traceHash))
  }, 120_000)
})
