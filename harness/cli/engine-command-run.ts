// The body of `nexum-sim engine`: load the config, build the live world, run the engine, map
// its exit to the process status, and release everything (sockets, store, signal handlers).
import { resolve } from 'node:path'
import { formatError } from '../../engine/errors/base-error.js'
import { ConfigError } from '../../engine/config/config-error.js'
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import { formatLogLine } from '../../engine/live/console-telemetry.js'
import { createLiveWorld, type LiveWorld } from '../../engine/live/live-world.js'
import { redactUrls } from '../../engine/host/redact-url.js'
import { escapeControl } from '../../engine/observe/escape-control.js'
import { runEngine } from '../../engine/run-engine.js'
import type { CliIo } from './cli-io.js'
import { doneLine } from './engine-done-line.js'
import { type ParentWatch, watchParent } from './watch-parent.js'

type ShutdownSignal = 'SIGINT' | 'SIGTERM'

export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): void
  off(signal: ShutdownSignal, listener: () => void): void
}

export interface EngineCommandDeps {
  env: Record<string, string | undefined>
  cwd: string
  signals: SignalSource
  /** Ends the process now (a second signal). */
  exitNow(code: number): void
  /** Calls back when the launcher (the parent process) is gone; absent in tests. */
  watchParent?: ((onGone: () => void) => ParentWatch) | undefined
  /** Unexpected exceptions outside any await (a timer, a socket callback); absent in tests. */
  onCrash?: ((listener: (error: unknown) => void) => () => void) | undefined
}

const processDeps = (): EngineCommandDeps => ({
  env: process.env,
  cwd: process.cwd(),
  signals: {
    on: (signal, listener) => void process.on(signal, listener),
    off: (signal, listener) => void process.off(signal, listener),
  },
  exitNow: (code) => process.exit(code),
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

/** The status a second signal exits with: 128 + the signal's number, as a shell reports it. */
const SECOND_SIGNAL_CODES: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 }

export interface EngineArgs {
  /** As given; resolved against the working directory. */
  configPath: string
}

export async function runEngineCommand(
  args: EngineArgs,
  io: CliIo,
  deps: EngineCommandDeps = processDeps(),
): Promise<number> {
  // Signals are handled from the first line (issue 9): the first is an orderly shutdown wherever
  // the engine is (loading the config, dialling, in init, dispatching); a second one exits at
  // once, said so, for a shutdown the operator will not wait for.
  const shutdown = new AbortController()
  const onSignal = (signal: ShutdownSignal) => () => {
    if (!shutdown.signal.aborted) {
      shutdown.abort(signal)
      return
    }
    const code = SECOND_SIGNAL_CODES[signal]
    io.err(
      formatLogLine(
        {
          type: 'log',
          level: 'warn',
          target: 'engine',
          message: 'second shutdown signal - exiting at once',
          fields: { signal },
        },
        Date.now(),
      ),
    )
    io.err(doneLine('second-signal', code))
    deps.exitNow(code)
  }
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') }
  const removeHandlers = () => {
    deps.signals.off('SIGINT', handlers.SIGINT)
    deps.signals.off('SIGTERM', handlers.SIGTERM)
  }
  deps.signals.on('SIGINT', handlers.SIGINT)
  deps.signals.on('SIGTERM', handlers.SIGTERM)
  // npm's launchers do not forward every signal: when the launcher is gone, shut down as on SIGTERM.
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
    if (!shutdown.signal.aborted) shutdown.abort('parent-exited')
  })
  // A throw nobody awaits: report it with its stack, release the store, exit 1 (reason=crashed).
  let removeCrashHandler: (() => void) | undefined
  const crashed = new Promise<never>((_, reject) => {
    const off = deps.onCrash?.((error) => {
      off?.()
      reject(error)
    })
    removeCrashHandler = off
  })
  crashed.catch(() => {})
  try {
    return await runWithSignals(args, io, deps, shutdown.signal, crashed)
  } finally {
    removeHandlers()
    parent?.stop()
    removeCrashHandler?.()
  }
}

async function runWithSignals(
  args: EngineArgs,
  io: CliIo,
  deps: EngineCommandDeps,
  shutdown: AbortSignal,
  crashed: Promise<never>,
): Promise<number> {
  let config: EngineConfig
  try {
    config = await loadEngineConfigFile(resolve(deps.cwd, args.configPath), deps.env)
  } catch (error) {
    io.err(error instanceof ConfigError ? lines(error.message) : oneLine(`Error: ${describe(error)}`))
    io.err(doneLine('boot-failed', 1))
    return 1
  }

  // A signal while the config loaded: nothing was dialled, nothing to stop.
  if (shutdown.aborted) {
    io.err(doneLine('signal', 0))
    return 0
  }

  // The live engine isolates modules unless the operator says otherwise (decision 0024).
  config = { ...config, isolation: config.isolation ?? 'worker' }

  let world: LiveWorld | undefined
  try {
    try {
      world = await createLiveWorld(config, { shutdown, out: io.err })
    } catch (error) {
      io.err(oneLine(`Error: ${describe(error)}`))
      io.err(doneLine('boot-failed', 1))
      return 1
    }
    const exit = await Promise.race([runEngine(config, world).exit, crashed])
    return exit.code
  } catch (error) {
    // Not a path the engine knows: say so with the stack, for a bug report, and exit 1.
    io.err(lines(`Error: ${formatError(error, { withStacks: true })}`))
    io.err(doneLine('crashed', 1))
    return 1
  } finally {
    await world?.close()
  }
}

/** What the world wrote (an endpoint's error text, a URL) as one line, without secrets. */
function oneLine(text: string): string {
  return escapeControl(redactUrls(text))
}

/** A configuration error lists one problem per line; each line is escaped on its own. */
function lines(text: string): string {
  return text.split('\n').map(oneLine).join('\n')
}

/** The message, its details and docs path, and the cause chain (engine/errors/base-error.ts). */
function describe(error: unknown): string {
  return formatError(error)
}
