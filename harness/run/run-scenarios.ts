// Runs a set of scenario files (files or folders) in one mode, one after another.
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScenarioResult } from '../report/scenario-result.js'
import { discoverScenarioFiles } from '../scenario/discover-scenarios.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import type { Mode } from '../scenario/types.js'
import { runScenario } from './run-scenario.js'
import type { WorldBuilder } from './world.js'

/** The project's modules/ folder: where `use:` finds modules. */
export const MODULES_DIR = fileURLToPath(new URL('../../modules', import.meta.url))

export interface RunScenariosOptions {
  paths: string[]
  mode: Mode
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
  const moduleIndex = await scanModules(args.modulesDir ?? MODULES_DIR)
  const results: ScenarioResult[] = []
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
        mode: args.mode,
        status: 'failed',
        failures: message.split('\n'),
        durationMs: performance.now() - started,
      })
      continue
    }
    const run = await runScenario(scenario, {
      mode: args.mode,
      seed: args.seed,
      transport: args.transport,
      world: args.world,
      env: args.env,
      keepTrace: args.out !== undefined,
      isolation: args.isolation,
    })
    if (args.out) await writeTrace(args.out, file, run.traceLines)
    const { traceLines: _lines, ...result } = run
    results.push(result)
  }
  return results
}

async function writeTrace(out: string, file: string, lines: readonly string[]): Promise<void> {
  if (!lines.length) return
  const name = relative(process.cwd(), file)
    .replace(/^(\.\.[\\/])+/, '')
    .replace(/[\\/]/g, '__')
    .replace(/\.ya?ml$/, '')
  await mkdir(out, { recursive: true })
  await writeFile(join(out, `${name}.trace.jsonl`), `${lines.join('\n')}\n`)
}
