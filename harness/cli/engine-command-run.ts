// The body of `nexum-sim engine`: load the config, build the live world, run the engine, map
// its exit to the process status, and release everything (sockets, store, signal handlers).
import { resolve } from 'node:path'
import { ConfigError } from '../../engine/config/config-error.js'
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import { createLiveWorld, type LiveWorld } from '../../engine/live/live-world.js'
import { runEngine } from '../../engine/run-engine.js'
import { EXIT_USAGE, UsageError, type CliIo } from './cli-io.js'
import { ENGINE_USAGE, parseEngineArgs, type EngineArgs } from './engine-command.js'

type ShutdownSignal = 'SIGINT' | 'SIGTERM'

export interface SignalSource {
  once(signal: ShutdownSignal, listener: () => void): void
  off(signal: ShutdownSignal, listener: () => void): void
}

export interface EngineCommandDeps {
  env: Record<string, string | undefined>
  cwd: string
  signals: SignalSource
}

const processDeps = (): EngineCommandDeps => ({
  env: process.env,
  cwd: process.cwd(),
  signals: {
    once: (signal, listener) => void process.once(signal, listener),
    off: (signal, listener) => void process.off(signal, listener),
  },
})

export async function runEngineCommand(
  argv: string[],
  io: CliIo,
  deps: EngineCommandDeps = processDeps(),
): Promise<number> {
  let args: EngineArgs
  try {
    args = parseEngineArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`nexum-sim engine: ${error.message}`)
    for (const line of ENGINE_USAGE) io.err(line)
    return EXIT_USAGE
  }
  if (args.help) {
    for (const line of ENGINE_USAGE) io.out(line)
    return 0
  }

  let config: EngineConfig
  try {
    config = await loadEngineConfigFile(resolve(deps.cwd, args.configPath), deps.env)
  } catch (error) {
    io.err(error instanceof ConfigError ? error.message : `Error: ${describe(error)}`)
    return 1
  }

  // Handlers go in before the sockets are dialled, so a signal during boot is an orderly
  // shutdown. Each fires once; after the first, the next signal gets the default action
  // (the process dies), which is the operator's way out of a stuck shutdown.
  const shutdown = new AbortController()
  const onSignal = (signal: ShutdownSignal) => () => {
    removeHandlers()
    shutdown.abort(signal)
  }
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') }
  const removeHandlers = () => {
    deps.signals.off('SIGINT', handlers.SIGINT)
    deps.signals.off('SIGTERM', handlers.SIGTERM)
  }
  deps.signals.once('SIGINT', handlers.SIGINT)
  deps.signals.once('SIGTERM', handlers.SIGTERM)

  let world: LiveWorld | undefined
  try {
    try {
      world = await createLiveWorld(config, { shutdown: shutdown.signal, out: io.err })
    } catch (error) {
      io.err(`Error: ${describe(error)}`)
      return 1
    }
    const exit = await runEngine(config, world).exit
    return exit.code
  } finally {
    removeHandlers()
    await world?.close()
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
