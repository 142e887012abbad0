// One fuzz campaign in this thread: fast-check draws cases, each runs through the real runner,
// a failure is shrunk (bounded in time) and kept as a v1 scenario.
import fc from 'fast-check'
import { scanModules } from '../scenario/module-index.js'
import { rememberedBootFiles } from '../run/boot-files.js'
import { keepTimersPatched } from '../run/leak-watch.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { fuzzCaseArb } from './arbitraries.js'
import { addCoverage, type Coverage, caseCoverage, emptyCoverage } from './coverage.js'
import type { FuzzCase } from './model/fuzz-case.js'
import { caseYaml, runCase, runCaseFromYaml } from './run-case.js'

export interface CampaignOptions {
  seed: number
  runs: number
  /** fast-check's replay path of one counterexample (with the seed that found it). */
  path?: string | undefined
  /** Wall-clock budget for shrinking a failure, in ms. */
  shrinkMs?: number | undefined
  /** Longest generated script. */
  maxSteps?: number | undefined
  /** Shortest generated script (the `fuzz` benchmark). */
  minSteps?: number | undefined
  /** The orderbook policy file every case runs under (`fuzz --policy`); absent: the default. */
  policy?: string | undefined
}

export interface CampaignFailure {
  seed: number
  path: string
  /** The shrunk case as a v1 scenario. */
  yaml: string
  failures: string[]
}

export interface CampaignResult {
  seed: number
  runs: number
  failure?: CampaignFailure | undefined
  coverage: Coverage
  /**
   * In a worker thread: when its code was loaded, as epoch ms (`performance.timeOrigin + now()`):
   * a worker's `performance.now()` counts from the process's origin, not the thread's, so the
   * parent subtracts its own reading taken when it made the thread.
   */
  loadedAt?: number | undefined
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const moduleIndex = await scanModules(MODULES_DIR)
  const bootFiles = rememberedBootFiles()
  const coverage = emptyCoverage()
  const shrinkMs = opts.shrinkMs ?? 20_000
  let firstFailureAt: number | undefined
  let smallest: { case: FuzzCase; failures: string[] } | undefined

  const property = fc.asyncProperty(
    fuzzCaseArb({ maxSteps: opts.maxSteps ?? 24, minSteps: opts.minSteps }).map((c) =>
      opts.policy === undefined ? c : { ...c, policy: opts.policy },
    ),
    fc.integer({ min: 0, max: 9 }),
    async (c: FuzzCase, twiceDraw: number) => {
      // Past the shrink budget every candidate "passes": shrinking stops where it is.
      if (firstFailureAt !== undefined && Date.now() - firstFailureAt > shrinkMs) return true
      const label = `seed ${opts.seed}`
      const first = await runCase(c, { seed: opts.seed, label, moduleIndex, bootFiles })
      let failures = first.failures
      if (failures.length) {
        // The regression file is the YAML text: what it fails with is what is reported, and a
        // case that fails only as data is the harness's own bug (decision 0182).
        const fromYaml = await runCaseFromYaml(c, { seed: opts.seed, label, moduleIndex, bootFiles })
        failures = fromYaml.failures.length
          ? fromYaml.failures
          : [
              'fuzz: this case failed as scenario data but passed from its YAML text (harness/fuzz/run-case.ts: the two paths disagree)',
              ...failures,
            ]
      } else if (twiceDraw === 0) {
        // One case in ten runs twice: the same seed must give the same trace hash.
        const again = await runCase(c, { seed: opts.seed, label, moduleIndex, bootFiles })
        if (again.traceHash !== first.traceHash)
          failures = [`determinism: the same case and seed gave trace ${first.traceHash}, then ${again.traceHash}`]
      }
      if (failures.length) {
        firstFailureAt ??= Date.now()
        // The last failing candidate is the smallest shrinking found so far.
        smallest = { case: c, failures }
        return false
      }
      if (firstFailureAt === undefined) addCoverage(coverage, caseCoverage(c, first.prediction))
      return true
    },
  )
  // Every case's run watches for leaked timers; the timer functions stay patched for the campaign.
  const details = await keepTimersPatched(() =>
    fc.check(property, {
      seed: opts.seed,
      numRuns: opts.runs,
      ...(opts.path !== undefined ? { path: opts.path } : {}),
    }),
  )
  const result: CampaignResult = { seed: opts.seed, runs: details.numRuns, coverage }
  if (details.failed && smallest) {
    const path = details.counterexamplePath ?? ''
    result.failure = {
      seed: details.seed,
      path,
      yaml: caseYaml(smallest.case, {
        name: `fuzz regression: seed ${details.seed} path ${path}`,
        description: [
          'Found by nexum-sim fuzz and shrunk; expect is the reference model prediction',
          `(docs/fuzzing.md). Found with: nexum-sim fuzz --seed ${details.seed} --path ${path}`,
          'First failure when found:',
          smallest.failures[0] ?? '',
        ].join('\n'),
        seed: opts.seed,
      }),
      failures: smallest.failures,
    }
  } else if (details.failed) {
    // The property threw (the model, the generator or the runner itself): never a silent pass.
    const error = details.errorInstance
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    const path = details.counterexamplePath ?? ''
    const failures = [`fuzz: the campaign threw on a case (seed ${details.seed}, path ${path}): ${message}`]
    let yaml: string
    try {
      const [c] = details.counterexample ?? []
      yaml = caseYaml(c as FuzzCase, {
        name: `fuzz regression: seed ${details.seed} path ${path}`,
        description: failures[0] as string,
        seed: opts.seed,
      })
    } catch {
      yaml = `# nexum-sim fuzz: the case could not be written as a scenario (seed ${details.seed}, path ${path})\n`
    }
    result.failure = { seed: details.seed, path, yaml, failures }
  }
  return result
}
