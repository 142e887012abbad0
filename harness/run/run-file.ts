// One scenario file of a run: loaded (a file that cannot be read or parsed is a failed result,
// not an error), then run in each mode asked for, the two decision traces compared when both
// ran. The same steps whichever thread runs the file (run-scenarios.ts, scenario-lane.ts).
import { basename } from 'node:path'
import type { ScenarioResult } from '../report/scenario-result.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import type { ModuleIndex } from '../scenario/module-index.js'
import type { Mode } from '../scenario/types.js'
import { compareModes } from './compare-modes.js'
import { limitFailures } from './limit-failures.js'
import { pooledModuleThreads } from './pooled-module-threads.js'
import { type RunScenarioOptions, runScenario, type ScenarioRun } from './run-scenario.js'

export interface FileRunOptions extends Omit<RunScenarioOptions, 'mode' | 'keepTrace'> {
  modes: readonly Mode[]
  modulesDir: string
  moduleIndex: ModuleIndex
  /** Keep each run's trace lines (for `--out`, or a caller that asked for them). */
  keepTraces: boolean
  /**
   * Whether files asking for worker isolation are still ahead of this one on this thread: without
   * any, the module thread pool starts no thread in reserve (decision 0244). Unset: not known.
   */
  workerFilesAhead?: boolean | undefined
}

/** One result per mode run (one when the file could not be loaded), with its trace lines when kept. */
export interface FileOutcome {
  results: { result: ScenarioResult; mode: Mode; traceLines: readonly string[] }[]
}

export async function runFile(file: string, options: FileRunOptions): Promise<FileOutcome> {
  const { workerFilesAhead, ...fileOptions } = options
  pooledModuleThreads.expectMore(workerFilesAhead)
  try {
    return await runLoadedFile(file, fileOptions)
  } finally {
    pooledModuleThreads.expectMore(undefined)
  }
}

async function runLoadedFile(file: string, options: FileRunOptions): Promise<FileOutcome> {
  const { modes, modulesDir, moduleIndex, keepTraces, ...runOptions } = options
  const started = performance.now()
  let scenario: Awaited<ReturnType<typeof loadScenarioFile>>
  try {
    scenario = await loadScenarioFile(file, { modulesDir, moduleIndex })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const result: ScenarioResult = {
      file,
      name: basename(file),
      mode: modes[0]!,
      status: 'failed',
      failures: limitFailures(message.split('\n')),
      durationMs: performance.now() - started,
    }
    return { results: [{ result, mode: modes[0]!, traceLines: [] }] }
  }
  const runs: ScenarioRun[] = []
  for (const mode of modes) {
    runs.push(
      await runScenario(scenario, {
        ...runOptions,
        mode,
        // Comparing modes needs the decision trace's lines to name where they part.
        keepTrace: keepTraces || modes.length > 1,
      }),
    )
  }
  const [fixture, anvil] = runs
  const differs = fixture && anvil ? compareModes(fixture, anvil) : undefined
  if (differs && anvil) {
    anvil.status = 'failed'
    anvil.failures.push(differs)
  }
  return {
    results: runs.map(({ traceLines, decisionLines: _decisions, ...rest }) => ({
      result: { ...rest, failures: limitFailures(rest.failures) },
      mode: rest.mode,
      traceLines,
    })),
  }
}
