// Runs a set of scenario files (files or folders) in one mode, one after another.
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScenarioResult } from '../report/scenario-result.js'
import { discoverScenarioFiles } from '../scenario/discover-scenarios.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import type { Mode } from '../scenario/types.js'
import { limitFailures } from './limit-failures.js'
import { runScenario } from './run-scenario.js'
import type { WorldBuilder } from './world.js'

/** The project's modules/ folder: where `use:` finds modules. */
export const MODULES_DIR = fileURLToPath(new URL('../../modules', import.meta.url))

/** The paths named hold no scenario file: a usage mistake (exit 2), never a silent pass. */
export class NoScenariosError extends Error {
  override readonly name = 'NoScenariosError'
  readonly fault = 'operator' as const
  readonly retryable = false as const
  constructor(readonly paths: readonly string[]) {
    super(`${paths.join(', ')}: expected at least one scenario file (*.yaml or *.yml), found none`)
  }
}

export interface RunScenariosOptions {
  paths: string[]
  mode: Mode
  seed?: number | undefined
  /** Writes each scenario's trace there, mirroring the scenario tree: `<dir>/<path>.trace.jsonl`. */
  out?: string | undefined
  modulesDir?: string | undefined
  transport?: 'msw' | 'in-process' | undefined
  /** How modules run when a scenario does not say (`isolation:`). */
  isolation?: 'worker' | 'in-process' | undefined
  /** The world every scenario runs against; default: the fixture world. */
  world?: WorldBuilder | undefined
  /** Not read by simulations (they read no environment); kept for callers that pass one. */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Told before each scenario starts (progress display). */
  onStart?: ((index: number, total: number, file: string) => void) | undefined
  /** Told after each scenario, with its trace lines when `out` or `keepTraces` is set. */
  onResult?: ((result: ScenarioResult, traceLines: readonly string[]) => void) | undefined
  keepTraces?: boolean | undefined
}

export async function runScenarios(args: RunScenariosOptions): Promise<ScenarioResult[]> {
  const files = await discoverScenarioFiles(args.paths)
  if (files.length === 0) throw new NoScenariosError(args.paths)
  const root = commonFolder(files)
  const moduleIndex = await scanModules(args.modulesDir ?? MODULES_DIR)
  const results: ScenarioResult[] = []
  for (const [index, file] of files.entries()) {
    args.onStart?.(index, files.length, file)
    const started = performance.now()
    let scenario: Awaited<ReturnType<typeof loadScenarioFile>>
    try {
      scenario = await loadScenarioFile(file, { modulesDir: args.modulesDir ?? MODULES_DIR, moduleIndex })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const result: ScenarioResult = {
        file,
        name: basename(file),
        mode: args.mode,
        status: 'failed',
        failures: limitFailures(message.split('\n')),
        durationMs: performance.now() - started,
      }
      results.push(result)
      args.onResult?.(result, [])
      continue
    }
    const run = await runScenario(scenario, {
      mode: args.mode,
      seed: args.seed,
      transport: args.transport,
      world: args.world,
      env: args.env,
      keepTrace: args.out !== undefined || args.keepTraces === true,
      isolation: args.isolation,
    })
    if (args.out) await writeTrace(args.out, traceName(root, file), run.traceLines)
    const { traceLines, ...rest } = run
    const result = { ...rest, failures: limitFailures(rest.failures) }
    results.push(result)
    args.onResult?.(result, traceLines)
  }
  return results
}

/** Where a scenario's trace goes under `--out`: its path below the files' common folder. */
export function traceName(root: string, file: string): string {
  return `${relative(root, resolve(file)).replace(/\.ya?ml$/i, '')}.trace.jsonl`
}

/** The deepest folder holding every file. */
export function commonFolder(files: readonly string[]): string {
  const split = files.map((f) => dirname(resolve(f)).split(sep))
  const first = split[0] ?? []
  let n = 0
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++
  return first.slice(0, n).join(sep) || sep
}

async function writeTrace(out: string, name: string, lines: readonly string[]): Promise<void> {
  if (!lines.length) return
  const target = join(out, name)
  await mkdir(dirname(target), { recursive: true })
  await writeFile(target, `${lines.join('\n')}\n`)
}
