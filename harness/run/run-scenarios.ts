// Runs a set of scenario files (files or folders) in one mode, one after another; `both` runs each
// in fixture then Anvil mode and compares their decision traces (compare-modes.ts).
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { ScenarioResult } from '../report/scenario-result.js'
import { discoverScenarioFiles } from '../scenario/discover-scenarios.js'
import { parsedScenariosGeneration } from '../scenario/parsed-scenario-cache.js'
import { scanModules } from '../scenario/module-index.js'
import type { AnvilPool } from '../anvil/anvil-pool.js'
import type { ForkRecording } from '../anvil/fork/fork-recording.js'
import { type ForkSource, ForkSpecError, parseForkSpec } from '../anvil/fork/fork-source.js'
import type { Mode } from '../scenario/types.js'
import { keepTimersPatched } from './leak-watch.js'
import { keepMswListening } from '../orderbook/msw-keep.js'
import type { WorldBuilder } from './world.js'
import { type FileOutcome, runFile } from './run-file.js'
import { rememberedBootFiles } from './boot-files.js'
import { realTimeFiles, runOnLanes } from './scenario-lanes.js'
import { lanePlan } from './lane-threads.js'
import { projectPath } from '../../engine/project/package-root.js'
import { BaseError } from '../../engine/errors/base-error.js'

/** A run's mode: one of the scenario modes, or both of them, compared. */
export type RunMode = Mode | 'both'

/** Anvil nodes one run may hold at once: a scenario may have two chains. */
const ANVIL_POOL_SLOTS = 2

/** The project's modules/ folder: where `use:` finds modules. */
export const MODULES_DIR = projectPath('modules')

/** The paths named hold no scenario file: a usage mistake (exit 2), never a silent pass. */
export class NoScenariosError extends BaseError {
  override readonly name = 'NoScenariosError'
  constructor(readonly paths: readonly string[]) {
    super(`${paths.join(', ')}: expected at least one scenario file (*.yaml or *.yml), found none`)
  }
}

export interface RunScenariosOptions {
  paths: string[]
  /** `discoverScenarioFiles(paths)`, when the caller found them already (the CLI, to start lanes early). */
  files?: readonly string[] | undefined
  mode: RunMode
  /** Anvil mode: `--fork` (sepolia@BLOCK or cassette:FILE). */
  fork?: string | undefined
  /** With a live `fork`: record every upstream answer of the run into this fork cassette. */
  recordFork?: string | undefined
  /** Told one line when a fork recording starts and when it is saved. */
  onNotice?: ((line: string) => void) | undefined
  /** Child processes to split the files across (default 1: this process runs them all). */
  workers?: number | undefined
  /**
   * Threads of this process a fixture-only run spreads its files over (decision 0220): default 1;
   * `auto`, a side lane for the worker-isolated files of a long run (scenario-lanes.ts).
   */
  threads?: number | 'auto' | undefined
  seed?: number | undefined
  /** Writes each scenario's trace there, mirroring the scenario tree: `<dir>/<path>.trace.jsonl`. */
  out?: string | undefined
  modulesDir?: string | undefined
  transport?: 'msw' | 'in-process' | undefined
  /** How modules run when a scenario does not say (`isolation:`). */
  isolation?: 'worker' | 'in-process' | undefined
  /** `--policy`: the orderbook policy file every scenario runs (and is judged) under. */
  policy?: string | undefined
  /** The world every scenario runs against; default: the fixture world. */
  world?: WorldBuilder | undefined
  /** Not read by simulations (they read no environment): only `--fork NAME@BLOCK` reads its RPC URL variable. */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Told before each scenario starts (progress display). */
  onStart?: ((index: number, total: number, file: string) => void) | undefined
  /** Told after each scenario, with its trace lines when `out` or `keepTraces` is set. */
  onResult?: ((result: ScenarioResult, traceLines: readonly string[]) => void) | undefined
  keepTraces?: boolean | undefined
}

export async function runScenarios(args: RunScenariosOptions): Promise<ScenarioResult[]> {
  const files = args.files ? [...args.files] : await discoverScenarioFiles(args.paths)
  if (files.length === 0) throw new NoScenariosError(args.paths)
  if (args.fork !== undefined && args.mode !== 'anvil')
    throw new ForkSpecError(`--fork forks the chain of an Anvil-mode run: use it with --mode anvil`)
  if (args.recordFork !== undefined && args.fork === undefined)
    throw new ForkSpecError('--record-fork records a live fork: use it with --mode anvil --fork sepolia@BLOCK')
  let fork = args.fork !== undefined ? await parseForkSpec(args.fork, args.env ?? {}) : undefined
  let recording: ForkRecording | undefined
  if (args.recordFork !== undefined) {
    if (fork?.kind !== 'live')
      throw new ForkSpecError(`--record-fork: ${args.fork} is a recording already; record a live fork (sepolia@BLOCK)`)
    // The recorder (an RPC proxy and the cassette writer) is loaded only by a run that records.
    const { recordingLine, startForkRecording } = await import('../anvil/fork/fork-recording.js')
    recording = await startForkRecording(fork, args.recordFork)
    args.onNotice?.(recordingLine(fork, args.recordFork))
    fork = recording.fork
  }
  try {
    const results = await runForks(files, args, fork)
    if (recording && args.recordFork !== undefined) {
      const saved = await recording.save()
      args.onNotice?.(`fork cassette ${args.recordFork}: ${saved.answers} answers`)
      for (const failure of saved.failures.slice(0, 5))
        args.onNotice?.(`fork cassette ${args.recordFork}: not recorded (the upstream did not answer): ${failure}`)
    }
    return results
  } finally {
    await recording?.close()
  }
}

/** The files run in this process, or split across workers (each child forking what this one does). */
async function runForks(
  files: string[],
  args: RunScenariosOptions,
  fork: ForkSource | undefined,
): Promise<ScenarioResult[]> {
  if ((args.workers ?? 1) > 1) {
    const { runInWorkers } = await import('./run-in-workers.js')
    return runInWorkers({
      fork: args.fork,
      files,
      workers: args.workers!,
      mode: args.mode,
      seed: args.seed,
      out: args.out,
      policy: args.policy,
      // A child reads the fork's URL from the same variable: the recorder's when recording.
      env: fork?.kind === 'live' ? { [fork.urlVariable]: fork.url } : {},
    })
  }
  const moduleIndex = await scanModules(args.modulesDir ?? MODULES_DIR)
  const results: ScenarioResult[] = []
  const modes: Mode[] = args.mode === 'both' ? ['fixture', 'anvil'] : [args.mode]
  // Anvil's code (prool, execa) is loaded only by a run that needs it.
  const pool = modes.includes('anvil')
    ? (await import('../anvil/anvil-pool.js')).createAnvilPool(ANVIL_POOL_SLOTS)
    : undefined
  try {
    // The leak watch's timer patch stays on for the whole run, not on and off per scenario:
    // switching it costs two syncs of every built-in's ESM exports (~2 % of a library run).
    // Outside a scenario the patched functions only call the originals; the run restores them.
    // Fixture-only runs also keep MSW's interceptors on between files (decision 0203); a run
    // with Anvil nodes talks to them between scenarios, so it listens per scenario as before.
    const play = () => keepTimersPatched(() => runFiles(files, modes, args, moduleIndex, results, pool, fork))
    await (pool === undefined && fork === undefined ? keepMswListening(play) : play())
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
  const root = commonFolder(files)
  const keepTraces = args.out !== undefined || args.keepTraces === true
  const modulesDir = args.modulesDir ?? MODULES_DIR
  // Every file of the run boots from the same module manifests, config schemas, policy files and
  // module code: each is read once for the run (decisions 0183, 0238), not once per file.
  const bootFiles = rememberedBootFiles()
  const here = (file: string, workerFilesAhead: boolean) =>
    runFile(file, {
      modes,
      modulesDir,
      moduleIndex,
      keepTraces,
      seed: args.seed,
      transport: args.transport,
      world: args.world,
      env: args.env,
      anvilPool: pool,
      fork,
      isolation: args.isolation,
      policy: args.policy,
      bootFiles,
      workerFilesAhead,
    })
  const tell = async (outcome: FileOutcome, file: string) => {
    for (const { result, mode, traceLines } of outcome.results) {
      if (args.out) await writeTrace(args.out, traceName(root, file, modes.length > 1 ? mode : undefined), traceLines)
      results.push(result)
      args.onResult?.(result, traceLines)
    }
  }
  const fixtureWorldOnly = modes.length === 1 && modes[0] === 'fixture' && !pool && !fork && !args.world
  const { threads, share } = lanePlan(args.threads ?? 1, files.length, fixtureWorldOnly)
  if (threads > 1) {
    let started = 0
    return runOnLanes({
      files,
      threads,
      share,
      options: {
        modulesDir,
        moduleIndex,
        seed: args.seed,
        transport: args.transport,
        isolation: args.isolation,
        policy: args.policy,
        keepTraces,
        parseGeneration: parsedScenariosGeneration(),
      },
      runHere: here,
      onStart: (file) => args.onStart?.(started++, files.length, file),
      onOutcome: (index, outcome) => tell(outcome, files[index]!),
    })
  }
  // The last file asking for worker isolation: after it, the module pool keeps no thread in reserve (decision 0244).
  const lastWorkerFile = Math.max(-1, ...(await realTimeFiles(files, args.isolation)))
  for (const [index, file] of files.entries()) {
    args.onStart?.(index, files.length, file)
    await tell(await here(file, index < lastWorkerFile), file)
  }
}

/** Where a scenario's trace goes under `--out`: its path below the files' common folder (and the mode, when both run). */
export function traceName(root: string, file: string, mode?: Mode): string {
  return `${relative(root, resolve(file)).replace(/\.ya?ml$/i, '')}${mode ? `.${mode}` : ''}.trace.jsonl`
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
