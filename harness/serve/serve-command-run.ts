// The body of `nexum-sim serve`: load the scenario, serve its world, print the URLs, play on
// command or on a cadence, and at the end (POST /control/stop, SIGINT or SIGTERM) print the
// journal and the verdict, write `--out`, and exit 0 (held) or 1.
import { writeFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { formatError } from '../../engine/errors/base-error.js'
import { createAnvilPool } from '../anvil/anvil-pool.js'
import type { CliIo } from '../cli/cli-io.js'
import type { ServeArgs } from '../cli/serve-command.js'
import { loadServedScenario } from './load-served-scenario.js'
import { renderJournal, renderVerdict, renderWorldSaw } from './render-served-report.js'
import { ServedWorld } from './served-world.js'
import { urlLines } from './served-urls.js'

type ShutdownSignal = 'SIGINT' | 'SIGTERM'

export async function runServeCommand(args: ServeArgs, io: CliIo): Promise<number> {
  const scenario = await loadServedScenario(args.file, io)
  if (!scenario) return 2
  const seed = args.seed ?? scenario.seed
  const pool = args.mode === 'anvil' ? createAnvilPool(1) : undefined
  let served: ServedWorld
  try {
    served = await ServedWorld.start({
      scenario,
      seed,
      mode: args.mode,
      rpcPort: args.rpcPort,
      orderbookPort: args.orderbookPort,
      anvilPool: pool,
      quietMs: args.quietMs,
      stepTimeoutMs: args.stepTimeoutMs,
    })
  } catch (error) {
    await pool?.close()
    io.err(`nexum-sim serve: cannot serve ${args.file}: ${formatError(error)}`)
    return 1
  }
  for (const line of urlLines(served.urls)) io.out(line)
  if (args.cadence) served.startCadence(args.cadence.cadenceMs, args.cadence.tickMs)

  let onSignal: ((signal: ShutdownSignal) => void) | undefined
  const signalled = new Promise<ShutdownSignal>((resolve) => {
    onSignal = resolve
  })
  const handlers = { SIGINT: () => onSignal?.('SIGINT'), SIGTERM: () => onSignal?.('SIGTERM') }
  process.on('SIGINT', handlers.SIGINT)
  process.on('SIGTERM', handlers.SIGTERM)
  try {
    await Promise.race([served.stopRequested, signalled])
  } finally {
    process.off('SIGINT', handlers.SIGINT)
    process.off('SIGTERM', handlers.SIGTERM)
  }
  const report = await served.finish()
  await pool?.close()
  for (const line of renderJournal(report.journal)) io.out(line)
  for (const line of renderWorldSaw(report)) io.out(line)
  const file = relative(process.cwd(), scenario.file) || scenario.file
  for (const line of renderVerdict({ ...report, scenario: file }, replayServeLine(file, seed, args.mode))) io.out(line)
  if (args.out) await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`)
  return report.held ? 0 : 1
}

export function replayServeLine(file: string, seed: number, mode: string): string {
  return `nexum-sim serve ${file} --seed ${seed} --mode ${mode}`
}
