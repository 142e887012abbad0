// The `fuzz` benchmark: a campaign of generated 100-step scenarios on worker threads, as
// `nexum-sim fuzz --workers N` runs it, in cases per second of wall time (docs/performance.md).
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
}

export async function fuzzRate(o: { runs: number; workers: number; steps: number }): Promise<FuzzRate> {
  const scratch = mkdtempSync(join(tmpdir(), 'nexum-bench-fuzz-'))
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
    })
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    return {
      runs: report.runs,
      failed: report.failed,
      ms,
      casesPerSecond: (report.runs / ms) * 1000,
      cpuMsPerCase: (used.user + used.system) / 1000 / report.runs,
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
