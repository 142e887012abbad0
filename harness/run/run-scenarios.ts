// Runs a set of scenario files (files or folders) in one mode, one after another; `both` runs each
// in fixture then Anvil mode and compares their decision traces (compare-modes.ts).
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScenarioResult } from '../report/scenario-result.js'
import { discoverScenarioFiles } from '../scenario/discover-scenarios.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import { type AnvilPool, createAnvilPool } from '../anvil/anvil-pool.js'
import { type ForkSource, ForkSpecError, parseForkSpec } from '../anvil/fork/fork-source.js'
import type { Mode } from '../scenario/types.js'
import type { WorldBuilder } from './world.js'
import { compareModes } from './compare-modes.js'
import { runScenario, type ScenarioRun } from './run-scenario.js'

/** A run's mode: one of the scenario modes, or both of them, compared. */
export type RunMode = Mode | 'both'

/** Anvil nodes one run may hold at once: a scenario may have two chains. */
const ANVIL_POOL_SLOTS = 2

/** The project's modules/ folder: where `use:` finds modules. */
export const MODULES_DIR = fileURLToPath(new URL('../../modules', import.meta.url))

export interface RunScenariosOptions {
  paths: string[]
  mode: RunMode
  /** Anvil mode: `--fork` (sepolia@BLOCK or cassette:FILE). */
  fork?: string | undefined
  /** Child processes to split the files across (default 1: this process runs them all). */
  workers?: number | undefined
  seed?: number | undefined
  /** Writes each scenario's trace as `<path>.trace.jsonl` here. */
  out?: string | undefined
  modulesDir?: string | undefined
  transport?: 'msw' | 'in-process' | undefined
  /** How modules run when a scenario does not say (`isolation:`). */
  isolation?: 'worker' | 'in-process' | undefined
  /** The world every scenario runs against; default: the fixture world. */
  world?: WorldBuilder | undefined
  /** `${VAR}` values for engine.toml files named by path; the CLI passes its environment. */
  env?: Readonly<Record<string, string | undefined>> | undefined
}

export async function runScenarios(args: RunScenariosOptions): Promise<ScenarioResult[]> {
  const files = await discoverScenarioFiles(args.paths)
  if ((args.workers ?? 1) > 1) {
    const { runInWorkers } = await import('./run-in-workers.js')
    return runInWorkers({
      fork: args.fork,
      files,
      workers: args.workers!,
      mode: args.mode,
      seed: args.seed,
      out: args.out,
      env: args.env,
    })
  }
  const moduleIndex = await scanModules(args.modulesDir ?? MODULES_DIR)
  const results: ScenarioResult[] = []
  const modes: Mode[] = args.mode === 'both' ? ['fixture', 'anvil'] : [args.mode]
  if (args.fork !== undefined && args.mode !== 'anvil')
    throw new ForkSpecError(`--fork forks the chain of an Anvil-mode run: use it with --mode anvil`)
  const fork = args.fork !== undefined ? await parseForkSpec(args.fork, args.env ?? {}) : undefined
  const pool = modes.includes('anvil') ? createAnvilPool(ANVIL_POOL_SLOTS) : undefined
  try {
    await runFiles(files, modes, args, moduleIndex, results, pool, fork)
  } finally {
    await pool?.close()
  }
  return results
}

async function runFiles(
  files: string[],
  modes: Mode[],
  args: RunScenariosOptions,
  moduleIndex: Awaited<ReturnType<typeof scanModules>>,
  results: ScenarioResult[],
  pool: AnvilPool | undefined,
  fork: ForkSource | undefined,
): Promise<void> {
  for (const file of files) {
    const started = performance.now()
    let scenario: Awaited<ReturnType<typeof loadScenarioFile>>
    try {
      scenario = await loadScenarioFile(file, { modulesDir: args.modulesDir ?? MODULES_DIR, moduleIndex })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      results.push({
        file,
        name: basename(file),
        mode: modes[0]!,
        status: 'failed',
        failures: message.split('\n'),
        durationMs: performance.now() - started,
      })
      continue
    }
    const runs: ScenarioRun[] = []
    for (const mode of modes) {
      const run = await runScenario(scenario, {
        mode,
        seed: args.seed,
        transport: args.transport,
        world: args.world,
        env: args.env,
        // Comparing modes needs the decision trace's lines to name where they part.
        keepTrace: args.out !== undefined || modes.length > 1,
        anvilPool: pool,
        fork,
        isolation: args.isolation,
      })
      if (args.out) await writeTrace(args.out, file, run.traceLines, modes.length > 1 ? mode : undefined)
      runs.push(run)
    }
    const [fixture, anvil] = runs
    const differs = fixture && anvil ? compareModes(fixture, anvil) : undefined
    if (differs && anvil) {
      anvil.status = 'failed'
      anvil.failures.push(differs)
    }
    for (const { traceLines: _lines, decisionLines: _decisions, ...result } of runs) results.push(result)
  }
}

async function writeTrace(out: string, file: string, lines: readonly string[], mode?: Mode): Promise<void> {
  if (!lines.length) return
  const name = relative(process.cwd(), file)
    .replace(/^(\.\.[\\/])+/, '')
    .replace(/[\\/]/g, '__')
    .replace(/\.ya?ml$/, '')
  await mkdir(out, { recursive: true })
  await writeFile(join(out, `${name}${mode ? `.${mode}` : ''}.trace.jsonl`), `${lines.join('\n')}\n`)
}
