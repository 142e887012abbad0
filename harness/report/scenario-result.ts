import type { Mode } from '../scenario/types.js'

export type ScenarioStatus = 'passed' | 'failed' | 'skipped'

/** One scenario's outcome, as every reporter sees it. */
export interface ScenarioResult {
  file: string
  name: string
  mode: Mode
  status: ScenarioStatus
  /** Each names the key path, what was wanted and what happened. */
  failures: string[]
  /** The line that replays the run (absent when the file could not be loaded at all). */
  replay?: string | undefined
  seed?: number | undefined
  traceHash?: string | undefined
  /** The hash of the decision trace (dispatches and decisions only), compared across modes. */
  decisionHash?: string | undefined
  /** Real milliseconds the run took (reporting only; never part of the trace). */
  durationMs: number
  /** Why it was skipped. */
  skipReason?: string | undefined
}

export interface RunSummary {
  passed: number
  failed: number
  skipped: number
  scenarios: ScenarioResult[]
}

export function summarise(results: ScenarioResult[]): RunSummary {
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
    scenarios: results,
  }
}
