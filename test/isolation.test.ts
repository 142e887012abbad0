// Module isolation (decision 0024): the library plays the same whether modules run in worker
// threads or in the engine's thread. (The failure-kind scenarios in scenarios/isolation/ pin
// `isolation: worker`; the library test runs them twice for determinism.)
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { runScenarios } from '../harness/run/run-scenarios.js'

const LIBRARY = fileURLToPath(new URL('../scenarios', import.meta.url))

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
})
