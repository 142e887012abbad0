// `nexum-sim engine [--config engine.toml]`: the live engine against the chains in the config,
// until SIGINT or SIGTERM. Exit status: 0 after a signal or with nothing to run, 1 when boot
// fails, 2 for a usage error, 3 when a stream ended (docs/design.md §4.4). Log lines go to stderr
// (decision 0030).
// The engine itself (viem, SQLite, the supervisor) is imported only when the command runs, so
// `--help` and the other commands do not pay for loading it.
import { defineCommand } from './define-command.js'
import { doneLine } from './engine-done-line.js'

export const engineCommand = defineCommand({
  name: 'engine',
  summary: 'run the live engine against the chains in engine.toml, until SIGINT or SIGTERM',
  description: [
    'Runs the engine against the chains in the config until SIGINT or SIGTERM.',
    'Log lines are written to stderr.',
  ],
  options: {
    config: { type: 'string', valueName: 'path', description: 'engine configuration (default: ./engine.toml)' },
  },
  exitStatus: [
    '0 a signal, or nothing to run',
    '1 boot failed (config, modules, endpoints), or the engine crashed',
    '2 usage error',
    '3 a stream ended (restart me)',
  ],
  afterUsageError: (io) => io.err(doneLine('usage', 2)),
  run: async ({ options }, io) =>
    (await import('./engine-command-run.js')).runEngineCommand({ configPath: options.config ?? 'engine.toml' }, io),
})
