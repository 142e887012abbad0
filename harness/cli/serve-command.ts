// `nexum-sim serve SCENARIO`: the scenario's world on loopback for an engine started outside
// (docs/black-box.md). The world itself is imported only when the command runs (see commands.ts).
import { UsageError } from './cli-io.js'
import { defineCommand, type OptionValues } from './define-command.js'
import { parseDuration } from '../scenario/duration.js'

export const SERVE_OPTIONS = {
  'rpc-port': {
    type: 'string',
    valueName: 'port',
    description: 'JSON-RPC (HTTP and WebSocket) and /control/ port on 127.0.0.1 (default 0: a free one)',
  },
  'orderbook-port': {
    type: 'string',
    valueName: 'port',
    description: 'orderbook port on 127.0.0.1 (default 0: a free one)',
  },
  mode: {
    type: 'string',
    valueName: 'mode',
    choices: ['fixture', 'anvil'],
    description: 'fixture (default): the simulated node; anvil: a real anvil node behind the proxy',
  },
  cadence: {
    type: 'string',
    valueName: 'duration',
    description: 'play the steps on a clock: this much virtual time per --tick (e.g. 12s) instead of on /control/step',
  },
  tick: { type: 'string', valueName: 'duration', description: 'wall-clock time per cadence tick (default 1s)' },
  quiet: {
    type: 'string',
    valueName: 'duration',
    description:
      'a step settles after the clients saw its block and did nothing but poll for this long (default 250ms)',
  },
  'step-timeout': {
    type: 'string',
    valueName: 'duration',
    description: 'the longest a step waits for the clients to settle (default 10s)',
  },
  seed: { type: 'string', valueName: 'n', description: "override the scenario's seed" },
  out: { type: 'string', valueName: 'file', description: 'write the journal and what the world saw as JSON there' },
} as const

export interface ServeArgs {
  file: string
  mode: 'fixture' | 'anvil'
  rpcPort: number
  orderbookPort: number
  cadence?: { cadenceMs: number; tickMs: number } | undefined
  quietMs: number
  stepTimeoutMs: number
  seed?: number | undefined
  out?: string | undefined
}

export function serveArgs(options: OptionValues<typeof SERVE_OPTIONS>, positionals: readonly string[]): ServeArgs {
  if (positionals.length !== 1) throw new UsageError(`expected one scenario file, found ${positionals.length}`)
  const tick = duration('tick', options.tick, 1000)
  const cadence = options.cadence === undefined ? undefined : duration('cadence', options.cadence, 0)
  if (cadence === 0) throw new UsageError('--cadence: expected a duration above 0')
  if (tick === 0) throw new UsageError('--tick: expected a duration above 0')
  if (options.tick !== undefined && cadence === undefined) throw new UsageError('--tick needs --cadence')
  return {
    file: positionals[0]!,
    mode: (options.mode as 'fixture' | 'anvil' | undefined) ?? 'fixture',
    rpcPort: port('rpc-port', options['rpc-port']),
    orderbookPort: port('orderbook-port', options['orderbook-port']),
    cadence: cadence === undefined ? undefined : { cadenceMs: cadence, tickMs: tick },
    quietMs: duration('quiet', options.quiet, 250),
    stepTimeoutMs: duration('step-timeout', options['step-timeout'], 10_000),
    seed: options.seed === undefined ? undefined : seedOf(options.seed),
    out: options.out,
  }
}

export function port(name: string, value: string | undefined): number {
  if (value === undefined) return 0
  const n = Number(value)
  if (!/^[0-9]+$/.test(value) || n > 65535)
    throw new UsageError(`--${name}: expected a port from 0 to 65535, found ${value}`)
  return n
}

export function duration(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const ms = parseDuration(value)
  if (ms === undefined) throw new UsageError(`--${name}: expected a duration such as 100ms or 12s, found ${value}`)
  return ms
}

export function seedOf(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--seed: expected an unsigned integer, found ${value}`)
  return Number(value)
}

export const serveCommand = defineCommand({
  name: 'serve',
  summary: "serve a scenario's world on 127.0.0.1 for an engine run outside, and judge what it posted",
  positionals: 'SCENARIO',
  description: [
    "Plays the scenario's world on loopback: JSON-RPC over HTTP and WebSocket, the fake orderbook over HTTP.",
    'Prints one `name url` line each (rpc, rpc-ws, orderbook, control, chain-id), then waits.',
    'Steps advance on POST /control/step or /control/run (GET /control/state shows where it is), or on --cadence.',
    'Ends on POST /control/stop, SIGINT or SIGTERM: prints the orderbook journal and what the world saw,',
    "and judges the scenario's expect.orderbook and expect.journal against it (docs/black-box.md).",
  ],
  options: SERVE_OPTIONS,
  exitStatus: [
    '0 the script was played and the expectations held',
    '1 an expectation failed, the world could not answer a request, or the script was not over',
    '2 usage error, or a scenario that cannot be loaded',
  ],
  run: async ({ options, positionals }, io) =>
    (await import('../serve/serve-command-run.js')).runServeCommand(serveArgs(options, positionals), io),
})
