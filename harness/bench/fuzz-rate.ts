// The `fuzz` benchmark: a campaign of generated 100-step scenarios on worker threads, as
// `nexum-sim fuzz --workers N` runs it, in cases per second of wall time over the whole campaign,
// worker start included (docs/performance.md). Long enough that loading the code in each worker
// is a small part of it; that load is reported apart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runFuzz } from '../fuzz/run-fuzz.js'

export interface FuzzRate {
  runs: number
  failed: number
  ms: number
  casesPerSecond: number
  /** CPU of every thread of this process over the campaign, per case. */
  cpuMsPerCase: number
  /** Per worker: real ms from its start until its code was loaded (part of `ms`). */
  workerLoadMs: number[]
}

export async function fuzzRate(o: { runs: number; workers: number; steps: number }): Promise<FuzzRate> {
  const scratch = mkdtempSync(join(tmpdir(), 'nexum-bench-fuzz-'))
  const workerLoadMs: number[] = []
  try {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const report = await runFuzz({
      runs: o.runs,
      seed: 1,
      workers: o.workers,
      out: scratch,
      corpus: join(scratch, 'corpus.jsonl'),
      rerun: false,
      shrinkMs: 0,
      minSteps: o.steps,
      maxSteps: o.steps,
      onWorkerLoaded: (ms) => workerLoadMs.push(Math.round(ms)),
    })
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    return {
      runs: report.runs,
      failed: report.failed,
      ms,
      casesPerSecond: (report.runs / ms) * 1000,
      cpuMsPerCase: (used.user + used.system) / 1000 / report.runs,
      workerLoadMs: workerLoadMs.sort((a, b) => a - b),
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
