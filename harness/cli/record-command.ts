// `nexum-sim record --config engine.toml [--blocks N] --out DIR`: the real engine against the
// config's chains and orderbook, recorded to a cassette and a scenario that replays it
// (docs/recording.md).
import { UsageError } from './cli-io.js'
import { defineCommand } from './define-command.js'

export const recordCommand = defineCommand({
  name: 'record',
  summary: 'run the engine against live chains and record a cassette and a scenario that replays it',
  description: [
    'Runs the engine against the chains and orderbook of the config (a live endpoint, or an Anvil node) and writes',
    'DIR/recording.cassette.jsonl (blocks, logs, every JSON-RPC and orderbook exchange, as they happen) and',
    'DIR/recording.yaml, a scenario that replays it offline expecting what happened. Stops after --blocks N',
    'blocks per chain, or on SIGINT/SIGTERM. Endpoints are recorded as scheme and host only.',
  ],
  options: {
    config: { type: 'string', valueName: 'path', description: 'engine configuration (default: ./engine.toml)' },
    blocks: { type: 'string', valueName: 'n', description: 'stop after this many blocks per chain' },
    out: { type: 'string', valueName: 'dir', description: 'where the cassette and the scenario go (required)' },
  },
  exitStatus: ['0 recorded', '1 the engine could not boot, or stopped on its own', '2 usage error or a bad config'],
  run: async ({ options }, io) => {
    if (options.out === undefined) throw new UsageError('--out DIR is required')
    let blocks: number | undefined
    if (options.blocks !== undefined) {
      if (!/^[1-9]\d*$/.test(options.blocks))
        throw new UsageError(`--blocks: expected a whole number >= 1, found ${options.blocks}`)
      blocks = Number(options.blocks)
    }
    const { runRecord } = await import('../record/run-record.js')
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      return await runRecord(
        {
          config: options.config ?? 'engine.toml',
          blocks,
          out: options.out,
          cwd: process.cwd(),
          env: process.env,
          stop: stop.signal,
        },
        io,
      )
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  },
})
