// `nexum-sim run [PATH ...] [--mode fixture|anvil] [--reporter pretty|json|junit] [--out DIR] [--seed N]`
// (shared/spec/scenario-format.md, "The runner's command line").
// The runner itself is imported only when the command runs (see commands.ts).
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Mode } from '../scenario/types.js'
import { UsageError, type CliIo } from './cli-io.js'
import type { CliCommand } from './commands.js'

type Reporter = 'pretty' | 'json' | 'junit'

export const RUN_USAGE = [
  'usage: nexum-sim run [PATH ...] [--mode fixture|anvil] [--reporter pretty|json|junit] [--out DIR] [--seed N]',
  '',
  'Runs scenario files (a file, or a folder searched recursively for *.yaml; default: scenarios/)',
  'against the real engine in a simulated world. See docs/scenarios.md.',
  '  --mode <m>       fixture (default) or anvil; scenarios that do not list it are skipped',
  '  --reporter <r>   pretty (default), json or junit, on standard output',
  '  --out <dir>      write each trace (<path>.trace.jsonl), report.json and junit.xml there',
  "  --seed <n>       override every scenario's seed (the failure lines print the one to replay)",
  'Exit status: 0 when every selected scenario passed, 1 otherwise, 2 for a usage error.',
]

export interface RunArgs {
  help?: boolean | undefined
  paths: string[]
  mode: Mode
  reporter: Reporter
  out?: string | undefined
  seed?: number | undefined
}

export function parseRunArgs(argv: string[]): RunArgs {
  const args: RunArgs = { paths: [], mode: 'fixture', reporter: 'pretty' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = (flag: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`)
      return v
    }
    if (a === '--help' || a === '-h') {
      args.help = true
    } else if (a === '--mode' || a.startsWith('--mode=')) {
      const v = value('--mode')
      if (v !== 'fixture' && v !== 'anvil') throw new UsageError(`--mode: expected fixture or anvil, found ${v}`)
      args.mode = v
    } else if (a === '--reporter' || a.startsWith('--reporter=')) {
      const v = value('--reporter')
      if (v !== 'pretty' && v !== 'json' && v !== 'junit')
        throw new UsageError(`--reporter: expected pretty, json or junit, found ${v}`)
      args.reporter = v
    } else if (a === '--out' || a.startsWith('--out=')) {
      args.out = value('--out')
    } else if (a === '--seed' || a.startsWith('--seed=')) {
      const v = value('--seed')
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
        throw new UsageError(`--seed: expected an unsigned integer, found ${v}`)
      args.seed = Number(v)
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}`)
    } else {
      args.paths.push(a)
    }
  }
  if (args.paths.length === 0) args.paths.push('scenarios')
  return args
}

export const runCommand: CliCommand = {
  summary: 'run scenario files (default: scenarios/) against the real engine in a simulated world',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseRunArgs(argv)
    if (args.help) {
      for (const line of RUN_USAGE) io.out(line)
      return 0
    }
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
      io.err(error instanceof Error ? error.message : String(error))
      return 1
    }
    const summary = summarise(results)
    const text =
      args.reporter === 'json'
        ? renderJson(summary)
        : args.reporter === 'junit'
          ? renderJunit(summary)
          : renderPretty(summary, { color: Boolean(process.stdout.isTTY), cwd: process.cwd() })
    io.out(text)
    if (args.out) {
      await mkdir(args.out, { recursive: true })
      await writeFile(join(args.out, 'report.json'), `${renderJson(summary)}\n`)
      await writeFile(join(args.out, 'junit.xml'), renderJunit(summary))
    }
    return summary.failed > 0 ? 1 : 0
  },
}
