// `nexum-sim engine [--config engine.toml]`: the live engine against the chains in the config,
// until SIGINT or SIGTERM. Exit status: 0 after a signal or with nothing to run, 1 when boot
// fails, 3 when a stream ended (design.md). Log lines go to stderr (decision 0030).
// The engine itself (viem, SQLite, the supervisor) is imported only when the command runs, so
// `--help` and the other commands do not pay for loading it.
import { UsageError } from './cli-io.js'
import type { CliCommand } from './commands.js'

export const ENGINE_USAGE = [
  'usage: nexum-sim engine [--config <engine.toml>]',
  '',
  'Runs the engine against the chains in the config (WebSocket rpc_url) until SIGINT or SIGTERM.',
  '  --config <path>  engine configuration (default: ./engine.toml)',
  'Exit status: 0 signal or nothing to run, 1 boot failed, 3 a stream ended (restart me).',
  'Log lines are written to stderr.',
]

export interface EngineArgs {
  help: boolean
  /** As given; resolved against the working directory by the command. */
  configPath: string
}

export function parseEngineArgs(argv: readonly string[]): EngineArgs {
  const args: EngineArgs = { help: false, configPath: 'engine.toml' }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') args.help = true
    else if (arg === '--config') {
      const value = argv[++i]
      if (value === undefined || value === '') throw new UsageError('--config needs a path')
      args.configPath = value
    } else if (arg.startsWith('--config=')) {
      const value = arg.slice('--config='.length)
      if (value === '') throw new UsageError('--config needs a path')
      args.configPath = value
    } else throw new UsageError(`unexpected argument '${arg}'`)
  }
  return args
}

export const engineCommand: CliCommand = {
  summary: 'run the live engine against the chains in engine.toml, until SIGINT or SIGTERM',
  run: async (argv, io) => (await import('./engine-command-run.js')).runEngineCommand(argv, io),
}
