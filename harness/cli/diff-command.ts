// `nexum-sim diff SCENARIO --against "COMMAND"`: our engine and another against two copies of
// the same world, orderbook journals compared (docs/black-box.md). Heavy parts load in `run`.
import { UsageError } from './cli-io.js'
import { defineCommand } from './define-command.js'
import { duration, seedOf } from './serve-command.js'

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'run our engine and another command against two copies of a served world; compare their orderbook journals',
  positionals: 'SCENARIO',
  description: [
    'Plays the scenario with our engine in-process, and again on a served world (as `nexum-sim serve`) with',
    'COMMAND running against it, on the same schedule of steps; then sets the two orderbook journals side by side.',
    'COMMAND runs through /bin/sh in its own process group with NEXUM_RPC_URL, NEXUM_RPC_WS_URL, NEXUM_ORDERBOOK_URL',
    'and NEXUM_CHAIN_ID set; {rpc}, {rpc-ws}, {orderbook}, {chain-id} and {engine-toml} (an engine.toml for our',
    'engine against the served URLs) are substituted in it. It is stopped by PID at the end (SIGTERM, then SIGKILL).',
  ],
  options: {
    against: { type: 'string', valueName: 'command', description: 'the command to compare (required)' },
    seed: { type: 'string', valueName: 'n', description: "override the scenario's seed" },
    quiet: {
      type: 'string',
      valueName: 'duration',
      description:
        'a step settles after the command saw its block and did nothing but poll for this long (default 500ms)',
    },
    'step-timeout': { type: 'string', valueName: 'duration', description: 'the longest a step waits (default 10s)' },
    grace: {
      type: 'string',
      valueName: 'duration',
      description: 'between SIGTERM and SIGKILL at the end (default 5s)',
    },
    out: { type: 'string', valueName: 'file', description: 'write both journals and the differences as JSON there' },
  },
  exitStatus: ['0 the journals are the same', '1 they differ, or the diff could not run', '2 usage error'],
  run: async ({ options, positionals }, io) => {
    if (positionals.length !== 1) throw new UsageError(`expected one scenario file, found ${positionals.length}`)
    if (options.against === undefined) throw new UsageError('--against is required (the command to compare)')
    return (await import('../serve/run-diff.js')).runDiff(
      {
        file: positionals[0]!,
        against: options.against,
        seed: options.seed === undefined ? undefined : seedOf(options.seed),
        quietMs: duration('quiet', options.quiet, 500),
        stepTimeoutMs: duration('step-timeout', options['step-timeout'], 10_000),
        graceMs: duration('grace', options.grace, 5000),
        out: options.out,
      },
      io,
    )
  },
})
