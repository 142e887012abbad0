// `nexum-sim run [PATH ...] [--mode fixture|anvil|both] [--workers N] [--reporter …] [--out DIR] [--seed N]`
// (docs/scenarios.md, "Running and replaying").
// The runner itself is imported only when the command runs (see commands.ts).
import { mkdir, writeFile } from 'node:fs/promises'
import { formatError } from '../../engine/errors/base-error.js'
import { join } from 'node:path'
import type { RunMode } from '../run/run-scenarios.js'
import { UsageError, type CliIo } from './cli-io.js'
import { defineCommand, type OptionValues } from './define-command.js'

const REPORTERS = ['pretty', 'json', 'junit'] as const
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
    description: 'how results are printed (default: pretty)',
  },
  output: {
    type: 'string',
    valueName: 'file',
    description: "write the reporter's output to this file instead of standard output",
  },
  out: {
    type: 'string',
    valueName: 'dir',
    description: 'write each trace (<path>.trace.jsonl), report.json and junit.xml there',
  },
  fork: {
    type: 'string',
    valueName: 'spec',
    description:
      'anvil mode: fork sepolia@BLOCK (through SEPOLIA_RPC_URL) or replay cassette:FILE (a recorded fork) instead of a fresh chain',
  },
  workers: {
    type: 'string',
    valueName: 'n',
    description: 'split the scenario files across n processes, each running one scenario at a time (default 1)',
  },
  seed: {
    type: 'string',
    valueName: 'n',
    description: "override every scenario's seed (the failure lines print the one to replay)",
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
  fork?: string | undefined
}

/** From the parsed option table to the runner's arguments; a bad value throws UsageError. */
export function runArgs(options: OptionValues<typeof RUN_OPTIONS>, positionals: readonly string[]): RunArgs {
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
  return {
    workers,
    fork: options.fork,
    paths: positionals.length ? [...positionals] : ['scenarios'],
    mode: (options.mode ?? 'fixture') as RunMode,
    reporter: (options.reporter ?? 'pretty') as Reporter,
    out: options.out,
    output: options.output,
    seed,
  }
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run scenario files (default: scenarios/) against the real engine in a simulated world',
  positionals: '[PATH ...]',
  description: [
    'Runs scenario files (a file, or a folder searched recursively for *.yaml; default: scenarios/)',
    'against the real engine in a simulated world. See docs/scenarios.md.',
  ],
  options: RUN_OPTIONS,
  exitStatus: ['0 every selected scenario passed', '1 a scenario failed', '2 usage error'],
  async run({ options, positionals }, io: CliIo): Promise<number> {
    const args = runArgs(options, positionals)
    const [{ runScenarios }, { renderJson }, { renderJunit }, { renderPretty }, { summarise }] = await Promise.all([
      import('../run/run-scenarios.js'),
      import('../report/json-reporter.js'),
      import('../report/junit-reporter.js'),
      import('../report/pretty-reporter.js'),
      import('../report/scenario-result.js'),
    ])
    let results: Awaited<ReturnType<typeof runScenarios>>
    try {
      results = await runScenarios({ ...args, env: process.env })
    } catch (error) {
      io.err(formatError(error))
      return 1
    }
    const summary = summarise(results)
    const toFile = args.output !== undefined
    const text =
      args.reporter === 'json'
        ? renderJson(summary)
        : args.reporter === 'junit'
          ? renderJunit(summary)
          : renderPretty(summary, { color: !toFile && Boolean(process.stdout.isTTY), cwd: process.cwd() })
    if (args.output !== undefined) await writeFile(args.output, text.endsWith('\n') ? text : `${text}\n`)
    else io.out(text)
    if (args.out) {
      await mkdir(args.out, { recursive: true })
      await writeFile(join(args.out, 'report.json'), `${renderJson(summary)}\n`)
      await writeFile(join(args.out, 'junit.xml'), renderJunit(summary))
    }
    return summary.failed > 0 ? 1 : 0
  },
})
