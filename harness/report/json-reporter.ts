import type { RunSummary } from './scenario-result.js'

/** The `--reporter json` object of docs/scenarios.md, plus `replay` and `seed` per scenario. */
export function renderJson(summary: RunSummary): string {
  return JSON.stringify(
    {
      passed: summary.passed,
      failed: summary.failed,
      skipped: summary.skipped,
      scenarios: summary.scenarios.map((s) => ({
        file: s.file,
        name: s.name,
        mode: s.mode,
        status: s.status,
        failures: s.failures,
        ...(s.replay ? { replay: s.replay } : {}),
        ...(s.seed !== undefined ? { seed: s.seed } : {}),
        ...(s.traceHash ? { traceHash: s.traceHash } : {}),
        ...(s.decisionHash ? { decisionHash: s.decisionHash } : {}),
        ...(s.skipReason ? { skipReason: s.skipReason } : {}),
        durationMs: s.durationMs,
      })),
    },
    null,
    2,
  )
}
