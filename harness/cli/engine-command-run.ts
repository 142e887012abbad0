// The body of `nexum-sim engine`: load the config, build the live world, run the engine, map
// its exit to the process status, and release everything (sockets, store, signal handlers).
import { resolve } from 'node:path'
import { formatError } from '../../engine/errors/base-error.js'
import { ConfigError } from '../../engine/config/config-error.js'
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import { createLiveWorld, type LiveWorld } from '../../engine/live/live-world.js'
import { runEngine } from '../../engine/run-engine.js'
import type { CliIo } from './cli-io.js'
import { doneLine } from './engine-done-line.js'
import { type ParentWatch, watchParent } from './watch-parent.js'
import { formatLogLine } from '../../engine/live/console-telemetry.js'

type ShutdownSignal = 'SIGINT' | 'SIGTERM'

export interface SignalSource {
  once(signal: ShutdownSignal, listener: () => void): void
  off(signal: ShutdownSignal, listener: () => void): void
}

export interface EngineCommandDeps {
  env: Record<string, string | undefined>
  cwd: string
  signals: SignalSource
  /** Calls back when the launcher (the parent process) is gone; absent in tests. */
  watchParent?: ((onGone: () => void) => ParentWatch) | undefined
  /** Unexpected exceptions outside any await (a timer, a socket callback); absent in tests. */
  onCrash?: ((listener: (error: unknown) => void) => () => void) | undefined
}

const processDeps = (): EngineCommandDeps => ({
  env: process.env,
  cwd: process.cwd(),
  signals: {
    once: (signal, listener) => void process.once(signal, listener),
    off: (signal, listener) => void process.off(signal, listener),
  },
  watchParent: (onGone) => watchParent(onGone),
  onCrash: (listener) => {
    process.on('uncaughtException', listener)
    process.on('unhandledRejection', listener)
    return () => {
      process.off('uncaughtException', listener)
      process.off('unhandledRejection', listener)
    }
  },
})

export interface EngineArgs {
  /** As given; resolved against the working directory. */
  configPath: string
}

export async function runEngineCommand(
  args: EngineArgs,
  io: CliIo,
  deps: EngineCommandDeps = processDeps(),
): Promise<number> {
  let config: EngineConfig
  try {
    config = await loadEngineConfigFile(resolve(deps.cwd, args.configPath), deps.env)
  } catch (error) {
    io.err(error instanceof ConfigError ? error.message : `Error: ${describe(error)}`)
    io.err(doneLine('boot-failed', 1))
    return 1
  }

  // The live engine isolates modules unless the operator says otherwise (decision 0024).
  config = { ...config, isolation: config.isolation ?? 'worker' }

  // Handlers go in before the sockets are dialled, so a signal during boot is an orderly
  // shutdown. Each fires once; after the first, the next signal gets the default action
  // (the process dies), which is the operator's way out of a stuck shutdown.
  let removeCrashHandler: (() => void) | undefined
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
  const parent = deps.watchParent?.(() => {
    io.err(
      formatLogLine(
        {
          type: 'log',
          level: 'warn',
          target: 'engine',
          message: 'launcher process exited - shutting down',
          fields: {},
        },
        Date.now(),
      ),
    )
    shutdown.abort('parent-exited')
  })
  // A throw nobody awaits: report it with its stack, release the store, exit 1 (reason=crashed).
  const crashed = new Promise<never>((_, reject) => {
    const off = deps.onCrash?.((error) => {
      off?.()
      reject(error)
    })
    removeCrashHandler = off
  })
  crashed.catch(() => {})

  let world: LiveWorld | undefined
  try {
    try {
      world = await createLiveWorld(config, { shutdown: shutdown.signal, out: io.err })
    } catch (error) {
      io.err(`Error: ${describe(error)}`)
      io.err(doneLine('boot-failed', 1))
      return 1
    }
    const exit = await Promise.race([runEngine(config, world).exit, crashed])
    return exit.code
  } catch (error) {
    // Not a path the engine knows: say so with the stack, for a bug report, and exit 1.
    io.err(`Error: ${formatError(error, { withStacks: true })}`)
    io.err(doneLine('crashed', 1))
    return 1
  } finally {
    removeHandlers()
    parent?.stop()
    removeCrashHandler?.()
    await world?.close()
  }
}

/** The message, its details and docs path, and the cause chain (engine/errors/base-error.ts). */
function describe(error: unknown): string {
  return formatError(error)
}
