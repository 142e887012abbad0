// `nexum-sim run [PATH ...] [--mode fixture|anvil|both] [--workers N] [--reporter …] [--out DIR] [--seed N]
// [--fork SPEC [--record-fork FILE]]`
// (docs/scenarios.md, "Running and replaying").
// The runner itself is imported only when the command runs (see commands.ts).
import { stat, writeFile } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { formatError } from '../../engine/errors/base-error.js'
import type { RunMode } from '../run/run-scenarios.js'
import { UsageError, type CliIo } from './cli-io.js'
import { defineCommand, type OptionValues } from './define-command.js'
import { progressLine } from './progress-line.js'
import { policyOptionFile } from './policy-option.js'
import { onTerminatingSignal } from './on-terminating-signal.js'

const REPORTERS = ['pretty', 'json', 'junit', 'github'] as const
type Reporter = (typeof REPORTERS)[number]

const RUN_OPTIONS = {
  mode: {
    type: 'string',
    valueName: 'mode',
    choices: ['fixture', 'anvil', 'both'],
    description:
      'fixture (default), anvil (a real node per scenario), or both (each dual-mode scenario in both, decision traces compared); scenarios that do not list a mode are skipped in it',
  },
  reporter: {
    type: 'string',
    valueName: 'name',
    choices: REPORTERS,
    description: 'how results are printed (default: pretty; github under GITHUB_ACTIONS=true)',
  },
  output: {
    type: 'string',
    valueName: 'file',
    description: "write the reporter's output to this file instead of standard output",
  },
  out: {
    type: 'string',
    valueName: 'dir',
    description: 'write there each trace (mirroring the scenario tree), report.json, junit.xml and index.html',
  },
  fork: {
    type: 'string',
    valueName: 'spec',
    description:
      'anvil mode: fork sepolia@BLOCK (through SEPOLIA_RPC_URL) or replay cassette:FILE (a recorded fork) instead of a fresh chain',
  },
  'record-fork': {
    type: 'string',
    valueName: 'file',
    description:
      'with --fork sepolia@BLOCK: record every answer the fork took from the RPC into this fork cassette (written whole at the end of the run, or not at all), for --fork cassette:FILE to replay offline',
  },
  workers: {
    type: 'string',
    valueName: 'n',
    description: 'split the scenario files across n processes, each running one scenario at a time (default 1)',
  },
  threads: {
    type: 'string',
    valueName: 'n',
    description:
      "a fixture-only run's files spread over n threads of this process, one scenario at a time each, reported in file order; auto (the default; 1 with --workers): with 16 files or more and 2 cores, a second thread runs the scenarios isolating their modules in worker threads (they wait on real time) and parses the other files ahead",
  },
  seed: {
    type: 'string',
    valueName: 'n',
    description: "override every scenario's seed (the failure lines print the one to replay)",
  },
  policy: {
    type: 'string',
    valueName: 'file',
    description:
      'run (and judge) every scenario under this orderbook policy: a shipped name (default, watch-tower, shepherd) or a .toml file (docs/policies.md)',
  },
} as const

export interface RunArgs {
  paths: string[]
  mode: RunMode
  reporter: Reporter
  out?: string | undefined
  output?: string | undefined
  seed?: number | undefined
  workers: number
  /** `--threads`: a number, or `auto` (the default). */
  threads: number | 'auto'
  fork?: string | undefined
  recordFork?: string | undefined
  /** `--policy`, resolved to its file. */
  policy?: string | undefined
}

/** From the parsed option table to the runner's arguments; a bad value throws UsageError. */
export function runArgs(
  options: OptionValues<typeof RUN_OPTIONS>,
  positionals: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): RunArgs {
  let seed: number | undefined
  if (options.seed !== undefined) {
    if (!/^\d+$/.test(options.seed) || !Number.isSafeInteger(Number(options.seed)))
      throw new UsageError(`--seed: expected an unsigned integer, found ${options.seed}`)
    seed = Number(options.seed)
  }
  let workers = 1
  if (options.workers !== undefined) {
    if (!/^[1-9]\d*$/.test(options.workers) || Number(options.workers) > 64)
      throw new UsageError(`--workers: expected a whole number from 1 to 64, found ${options.workers}`)
    workers = Number(options.workers)
  }
  let threads: number | 'auto' = 'auto' // --workers children run with --threads 1 (run-in-workers.ts)
  if (options.threads !== undefined && options.threads !== 'auto') {
    if (!/^[1-9]\d*$/.test(options.threads) || Number(options.threads) > 64)
      throw new UsageError(`--threads: expected auto or a whole number from 1 to 64, found ${options.threads}`)
    threads = Number(options.threads)
  }
  const recordFork = options['record-fork']
  if (recordFork !== undefined) {
    if (options.fork === undefined || options.mode !== 'anvil')
      throw new UsageError('--record-fork FILE records a live fork: use it with --mode anvil --fork sepolia@BLOCK')
    if (options.fork.startsWith('cassette:'))
      throw new UsageError(
        `--record-fork: --fork ${options.fork} is a recording already; record a live fork (sepolia@BLOCK)`,
      )
    if (recordFork === '') throw new UsageError('--record-fork: expected a file name, found an empty string')
  }
  return {
    workers,
    threads,
    fork: options.fork,
    recordFork,
    paths: positionals.length ? [...positionals] : ['scenarios'],
    mode: (options.mode ?? 'fixture') as RunMode,
    reporter: (options.reporter ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'pretty')) as Reporter,
    out: options.out,
    output: options.output,
    seed,
    ...(options.policy !== undefined ? { policy: policyOptionFile(options.policy) } : {}),
  }
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run scenario files (default: scenarios/) against the real engine in a simulated world',
  positionals: '[PATH ...]',
  description: [
    'Runs scenario files (a file, or a folder searched recursively for *.yaml; default: scenarios/)',
    'against the real engine in a simulated world. See docs/scenarios.md.',
    'Under GITHUB_ACTIONS=true the default reporter is github (annotations on the failing lines).',
    'Forks (docs/anvil-mode.md): --mode anvil --fork sepolia@BLOCK --record-fork FILE runs on live Sepolia and',
    'saves what the fork read into FILE; --mode anvil --fork cassette:FILE runs the same again with no network.',
    'SIGINT or SIGTERM during an Anvil-mode run stops its anvil nodes, writes no fork cassette, and ends the run.',
  ],
  options: RUN_OPTIONS,
  exitStatus: [
    '0 every selected scenario passed',
    '1 a scenario failed',
    '2 usage error (including a path that holds no scenario file, or --out naming a file)',
  ],
  async run({ options, positionals }, io: CliIo): Promise<number> {
    const args = runArgs(options, positionals, process.env)
    if (args.out !== undefined) await checkOutDir(args.out)
    if (args.recordFork !== undefined) await checkCassetteTarget(args.recordFork)
    const files = await startLanesAhead(args)
    const [{ runScenarios, NoScenariosError }, { ScenarioPathError }, reports] = await Promise.all([
      import('../run/run-scenarios.js'),
      import('../scenario/discover-scenarios.js'),
      import('./run-reports.js'),
    ])
    const startedAt = new Date()
    const progress = progressLine(process.stderr)
    const stopOnSignal = args.mode === 'fixture' ? undefined : interruptAnvilRun(args, io)
    const timelines = new Map<string, ReturnType<typeof reports.timelineFromTrace>>()
    let results: Awaited<ReturnType<typeof runScenarios>>
    try {
      results = await runScenarios({
        ...args,
        files,
        // Read only by `--fork NAME@BLOCK`, for its RPC URL variable.
        env: process.env,
        onNotice: (line) => io.err(line),
        onStart: (index, total, file) => progress.start(index, total, relative(process.cwd(), file) || file),
        onResult: (result, traceLines) => {
          if (args.out !== undefined && traceLines.length)
            timelines.set(result.file, reports.timelineFromTrace(traceLines))
        },
      })
    } catch (error) {
      if (error instanceof NoScenariosError || error instanceof ScenarioPathError) throw new UsageError(error.message)
      io.err(formatError(error))
      return 1
    } finally {
      stopOnSignal?.()
      progress.done()
    }
    const cwd = process.cwd()
    const summary = reports.summarise(results)
    const text = await reports.renderReport(args.reporter, summary, {
      cwd,
      color: args.output === undefined && Boolean(process.stdout.isTTY),
      startedAt,
    })
    if (args.output !== undefined) await writeFile(args.output, text.endsWith('\n') ? text : `${text}\n`)
    else io.out(text)
    if (args.out !== undefined) await reports.writeReportFiles(args.out, summary, { cwd, startedAt, timelines })
    return summary.failed > 0 ? 1 : 0
  },
})

/**
 * A run that will spread over lane threads starts them now, before this thread imports the runner:
 * each lane imports its own copy on the second core meanwhile (decision 0256). The same plan the
 * runner makes (lanePlan) from the files found; a path that finds nothing starts none (the run
 * reports it). A guess only when the runner would plan otherwise: an unused thread stays idle, unref'd.
 * Returns the files found, for the run to take rather than search the folders again; undefined when
 * it did not look or the search failed (the run reports why).
 */
async function startLanesAhead(args: RunArgs): Promise<string[] | undefined> {
  if (args.mode !== 'fixture' || args.workers !== 1 || args.fork !== undefined || args.threads === 1) return undefined
  const [{ discoverScenarioFiles }, { lanePlan, laneThreadCount, startLaneThreads }] = await Promise.all([
    import('../scenario/discover-scenarios.js'),
    import('../run/lane-threads.js'),
  ])
  const files = await discoverScenarioFiles(args.paths).catch(() => undefined)
  if (files === undefined) return undefined
  startLaneThreads(laneThreadCount(lanePlan(args.threads, files.length, true), files.length))
  return files
}

/**
 * Ctrl-C (or SIGTERM) in a run with anvil nodes: kill every anvil this process started and
 * remove its temp folder (start-anvil.ts), then die of the signal as the run would have. The
 * signal's default death alone would leave the nodes running. A fork recording is written only
 * at the end, so an interrupted run leaves no cassette. Returns the uninstaller.
 */
function interruptAnvilRun(args: RunArgs, io: CliIo): () => void {
  return onTerminatingSignal(async (signal) => {
    const { killLiveAnvils } = await import('../anvil/start-anvil.js')
    killLiveAnvils()
    const unwritten = args.recordFork === undefined ? '' : `; ${args.recordFork} not written`
    io.err(`interrupted by ${signal}: anvil nodes stopped${unwritten}`)
  })
}

/** `--record-fork FILE` must name a file in an existing folder: refuse before running, not after. */
async function checkCassetteTarget(file: string): Promise<void> {
  let folder: Awaited<ReturnType<typeof stat>>
  try {
    folder = await stat(dirname(file))
  } catch {
    throw new UsageError(
      `--record-fork ${file}: expected a file in an existing folder, found no folder ${dirname(file)}`,
    )
  }
  if (!folder.isDirectory())
    throw new UsageError(
      `--record-fork ${file}: expected a file in an existing folder, found ${dirname(file)} is a file`,
    )
  const existing = await stat(file).catch(() => undefined)
  if (existing?.isDirectory()) throw new UsageError(`--record-fork ${file}: expected a file, found a folder`)
}

/** `--out` must be a folder, or a path where one can be made: refuse a file before running. */
async function checkOutDir(out: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(out)
  } catch {
    return // made when the first file is written
  }
  if (!info.isDirectory())
    throw new UsageError(`--out ${out}: expected a folder for the traces and reports, found an existing file`)
}
