// `nexum-sim fuzz [--runs N] [--seed S] [--path P] [--workers N] [--reporter pretty|json] …`
// (docs/fuzzing.md). The fuzzer itself is imported only when the command runs (see commands.ts).
import { policyOptionFile } from './policy-option.js'
import { formatError } from '../../engine/errors/base-error.js'
import { UsageError, type CliIo } from './cli-io.js'
import { defineCommand, type OptionValues } from './define-command.js'

const FUZZ_OPTIONS = {
  runs: { type: 'string', valueName: 'n', description: 'new cases to generate (default: 300)' },
  seed: { type: 'string', valueName: 's', description: 'the campaign seed (default: 7)' },
  path: {
    type: 'string',
    valueName: 'p',
    description: 'replay one counterexample: the path a failure printed, with its --seed',
  },
  workers: { type: 'string', valueName: 'n', description: 'worker threads sharing the runs (default: 1)' },
  reporter: { type: 'string', valueName: 'name', choices: ['pretty', 'json'], description: 'pretty (default) or json' },
  out: {
    type: 'string',
    valueName: 'dir',
    description: 'where shrunk failures are written as scenarios (default: scenarios/regressions)',
  },
  corpus: {
    type: 'string',
    valueName: 'file',
    description: 'failing seeds, replayed first (default: scenarios/regressions/fuzz-corpus.jsonl)',
  },
  rerun: { type: 'boolean', description: 'replay only the corpus, no new cases' },
  'shrink-seconds': { type: 'string', valueName: 'n', description: 'wall-clock budget for shrinking (default: 20)' },
  'require-coverage': {
    type: 'boolean',
    description: 'fail (exit 1) when an item of the coverage table was never reached',
  },
  policy: {
    type: 'string',
    valueName: 'file',
    description:
      'the orderbook policy the engine runs and the model predicts by: a shipped name or a .toml file (docs/policies.md)',
  },
} as const

export interface FuzzArgs {
  runs: number
  seed: number
  path?: string | undefined
  workers: number
  reporter: 'pretty' | 'json'
  out: string
  corpus: string
  rerun: boolean
  shrinkMs: number
  requireCoverage: boolean
  /** `--policy`, resolved to its file. */
  policy?: string | undefined
}

function unsigned(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
    throw new UsageError(`--${name}: expected an integer >= ${min}, found ${value}`)
  return Number(value)
}

export function fuzzArgs(options: OptionValues<typeof FUZZ_OPTIONS>): FuzzArgs {
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path))
    throw new UsageError(`--path: expected a fast-check path like 12:0:3, found ${options.path}`)
  if (options.path !== undefined && options.seed === undefined)
    throw new UsageError('--path: needs the --seed it was printed with')
  return {
    runs: unsigned('runs', options.runs, 300, 1),
    seed: unsigned('seed', options.seed, 7),
    path: options.path,
    workers: unsigned('workers', options.workers, 1, 1),
    reporter: (options.reporter ?? 'pretty') as 'pretty' | 'json',
    out: options.out ?? 'scenarios/regressions',
    corpus: options.corpus ?? 'scenarios/regressions/fuzz-corpus.jsonl',
    rerun: options.rerun ?? false,
    shrinkMs: unsigned('shrink-seconds', options['shrink-seconds'], 20) * 1000,
    requireCoverage: options['require-coverage'] ?? false,
    ...(options.policy !== undefined ? { policy: policyOptionFile(options.policy) } : {}),
  }
}

export const fuzzCommand = defineCommand({
  name: 'fuzz',
  summary: 'generate scenarios with fast-check, judge the engine against a reference model, keep failures',
  description: [
    'Generates whole scenarios (modules, subscriptions, event scripts, stream faults), runs each',
    'through the real engine in the fixture world, and checks it against a reference model and the',
    'trace invariants. A failure is shrunk and written as a scenario that `nexum-sim run` replays.',
    'See docs/fuzzing.md.',
  ],
  options: FUZZ_OPTIONS,
  exitStatus: ['0 no failure', '1 a case failed (or --require-coverage missed an item)', '2 usage error'],
  async run({ options }, io: CliIo): Promise<number> {
    const args = fuzzArgs(options)
    const [{ runFuzz }, { renderFuzzPretty }] = await Promise.all([
      import('../fuzz/run-fuzz.js'),
      import('../fuzz/render-fuzz.js'),
    ])
    let report: Awaited<ReturnType<typeof runFuzz>>
    try {
      report = await runFuzz(args)
    } catch (error) {
      io.err(formatError(error))
      return 1
    }
    if (args.reporter === 'json') io.out(JSON.stringify(report, null, 2))
    else io.out(renderFuzzPretty(report))
    if (report.failed > 0) return 1
    return args.requireCoverage && report.neverReached.length > 0 ? 1 : 0
  },
})
