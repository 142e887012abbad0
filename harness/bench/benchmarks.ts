// The performance targets of docs/performance.md, each measured the same way every time on this machine.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runScenarios } from '../run/run-scenarios.js'
import type { IsolationMode } from '../../engine/isolation/module-runner.js'
import { engineOverhead, type OverheadOptions } from './engine-overhead.js'
import { fuzzRate } from './fuzz-rate.js'

export interface BenchResult {
  name: string
  measured: number
  unit: 'ms' | 'MB' | 'µs' | 'cases/s'
  target: number
  /** Lower is better, but for a rate (`higher`: the target is a floor). */
  better?: 'higher' | undefined
  met: boolean
  note?: string | undefined
}

const DAY = fileURLToPath(new URL('../../fixtures/bench/sepolia-day-m3.yaml', import.meta.url))
const LIBRARY = fileURLToPath(new URL('../../scenarios', import.meta.url))
const ANVIL_100 = fileURLToPath(new URL('../../fixtures/bench/anvil-100-blocks-m3.yaml', import.meta.url))
const MEMORY_CHILD = fileURLToPath(new URL('./day-memory-child.ts', import.meta.url))

const result = (
  name: string,
  measured: number,
  unit: BenchResult['unit'],
  target: number,
  note?: string,
): BenchResult => ({
  name,
  measured: Math.round(measured * 10) / 10,
  unit,
  target,
  met: measured <= target,
  note,
})

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

async function scenarioWall(paths: string[], transport: 'msw' | 'in-process'): Promise<{ ms: number; failed: number }> {
  let failed = 0
  const ms = await timed(async () => {
    const results = await runScenarios({ paths, mode: 'fixture', transport })
    failed = results.filter((r) => r.status === 'failed').length
  })
  return { ms, failed }
}

async function anvilWall(options: {
  paths: string[]
  workers?: number
}): Promise<{ ms: number; failed: number; passed: number }> {
  let failed = 0
  let passed = 0
  const ms = await timed(async () => {
    const results = await runScenarios({ ...options, mode: 'anvil', env: process.env })
    failed = results.filter((r) => r.status === 'failed').length
    passed = results.filter((r) => r.status === 'passed').length
  })
  return { ms, failed, passed }
}

export const benchmarks: Record<string, () => Promise<BenchResult>> = {
  'engine-overhead': async () => {
    await engineOverhead(7_200) // warm-up: module import, JIT
    const runs: number[] = []
    for (let i = 0; i < 5; i++) runs.push((await engineOverhead(7_200)).ms)
    return result('7,200 blocks to one probe module (engine alone), median of 5', median(runs), 'ms', 100)
  },
  'isolation-dispatch': async () => {
    const perBlock = async (options: OverheadOptions) => {
      await engineOverhead(500, options) // warm-up: thread start, imports, JIT
      const runs: number[] = []
      for (let i = 0; i < 3; i++) runs.push((await engineOverhead(2_000, options)).ms / 2_000)
      return median(runs) * 1000
    }
    const inProcess = await perBlock({ module: 'probe', isolation: 'in-process' })
    const worker = await perBlock({ module: 'probe', isolation: 'worker' })
    return result(
      'a dispatch to an isolated module (worker thread), µs per block, median of 3',
      worker,
      'µs',
      250,
      `in process: ${inProcess.toFixed(1)} µs`,
    )
  },
  'isolation-host-call': async () => {
    const perCall = async (isolation: IsolationMode) => {
      const run = async (module: 'probe' | 'slow') => (await engineOverhead(2_000, { module, isolation })).ms / 2_000
      await run('slow')
      const probe: number[] = []
      const slow: number[] = []
      for (let i = 0; i < 3; i++) {
        probe.push(await run('probe'))
        slow.push(await run('slow'))
      }
      return Math.max(0, median(slow) - median(probe)) * 1000
    }
    const inProcess = await perCall('in-process')
    const worker = await perCall('worker')
    return result(
      'a chain host call from an isolated module (a message round trip), µs per call, median of 3',
      worker,
      'µs',
      250,
      `in process: ${inProcess.toFixed(1)} µs`,
    )
  },
  'day-in-process': async () => {
    await scenarioWall([DAY], 'in-process') // warm-up: imports, OpenAPI schema compilation
    const { ms, failed } = await scenarioWall([DAY], 'in-process')
    return result(
      'one Sepolia day, M3 modules, in-process orderbook',
      ms,
      'ms',
      5_000,
      failed ? 'the day scenario FAILED' : undefined,
    )
  },
  'day-msw': async () => {
    const { ms, failed } = await scenarioWall([DAY], 'msw')
    return result(
      'one Sepolia day, M3 modules, orderbook behind MSW',
      ms,
      'ms',
      10_000,
      failed ? 'the day scenario FAILED' : undefined,
    )
  },
  library: async () => {
    const { ms, failed } = await scenarioWall([LIBRARY], 'msw')
    return result(
      'the whole scenario library (npm start), warm process',
      ms,
      'ms',
      15_000,
      failed ? `${failed} scenario(s) FAILED` : undefined,
    )
  },
  'anvil-100-blocks': async () => {
    const run = () => anvilWall({ paths: [ANVIL_100] })
    await run() // warm-up: imports, the first anvil start
    const runs: number[] = []
    let failed = 0
    for (let i = 0; i < 3; i++) {
      const r = await run()
      runs.push(r.ms)
      failed += r.failed
    }
    return result(
      '100 blocks mined on anvil and dispatched to the M3 modules (node start included), median of 3',
      median(runs),
      'ms',
      2_000,
      failed ? 'the scenario FAILED' : undefined,
    )
  },
  'anvil-library': async () => {
    const { ms, failed, passed } = await anvilWall({ paths: [LIBRARY], workers: 2 })
    return result(
      'the Anvil-mode library (every scenario listing anvil), 2 worker processes with their pools',
      ms,
      'ms',
      30_000,
      failed ? `${failed} scenario(s) FAILED` : `${passed} scenarios passed`,
    )
  },
  fuzz: async () => {
    const r = await fuzzRate({ runs: 200, workers: 2, steps: 100 })
    return {
      ...result(
        '100-step generated scenarios through the engine and the model, 2 worker threads, cases per second',
        r.casesPerSecond,
        'cases/s',
        500,
        `${r.runs} cases in ${Math.round(r.ms)} ms wall (worker start included), ${r.cpuMsPerCase.toFixed(1)} ms CPU per case${r.failed ? `; ${r.failed} case(s) FAILED` : ''}`,
      ),
      better: 'higher',
      met: r.casesPerSecond >= 500 && r.failed === 0,
    }
  },
  'day-memory': async () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', MEMORY_CHILD], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    })
    const kib = Number(child.stdout.trim().split('\n').pop())
    if (child.status !== 0 || !Number.isFinite(kib)) throw new Error(`the memory child failed: ${child.stderr}`)
    return result('peak RSS replaying the day (own process)', kib / 1024, 'MB', 300)
  },
}
