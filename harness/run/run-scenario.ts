// Runs one scenario file in one mode and reports what happened.
import { relative } from 'node:path'
import type { Mode, Scenario } from '../scenario/types.js'
import type { ScenarioResult } from '../report/scenario-result.js'
import type { AnvilPool } from '../anvil/anvil-pool.js'
import type { ForkSource } from '../anvil/fork/fork-source.js'
import type { BootFiles } from './boot-files.js'
import { fixtureWorld, type OrderbookTransport } from './fixture-world.js'
import { type LeakedResource, watchLeaks } from './leak-watch.js'
import { Simulation } from './simulation.js'
import type { WorldBuilder } from './world.js'

export interface RunScenarioOptions {
  mode: Mode
  /** Overrides the scenario's seed (`--seed`). */
  seed?: number | undefined
  transport?: OrderbookTransport | undefined
  /** Keep the trace's lines (default true); false keeps only its hash. */
  keepTrace?: boolean | undefined
  /** How modules run when the scenario does not say (`isolation:`). */
  isolation?: 'worker' | 'in-process' | undefined
  /** `--policy`: the orderbook policy file, over the scenario's and the engine's. */
  policy?: string | undefined
  /** `${VAR}` values for an engine.toml the scenario names by path. */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** The world to run against; default: the fixture world. */
  world?: WorldBuilder | undefined
  /** Anvil mode: where the nodes come from (default: a pool opened and closed for this scenario). */
  anvilPool?: AnvilPool | undefined
  /** Anvil mode: fork this (`--fork`) instead of a genesis at the scenario's head. */
  fork?: ForkSource | undefined
  /** Files every boot reads, kept across runs (a fuzz campaign); default: kept for this run only. */
  bootFiles?: BootFiles | undefined
  /** Wall-clock source for reporting durations only (never part of a run). */
  now?: () => number
}

export interface ScenarioRun extends ScenarioResult {
  traceLines: readonly string[]
  /** The decision trace's lines (when the trace keeps lines). */
  decisionLines?: readonly string[] | undefined
}

export function replayLine(file: string, seed: number, mode: Mode, policy?: string): string {
  const line = `nexum-sim run ${quoteArg(file)} --seed ${seed} --mode ${mode}`
  return policy === undefined ? line : `${line} --policy ${quoteArg(policy)}`
}

async function loadAnvil() {
  const [{ createAnvilPool }, { anvilWorld }] = await Promise.all([
    import('../anvil/anvil-pool.js'),
    import('./anvil-world.js'),
  ])
  return { createAnvilPool, anvilWorld }
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioRun> {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const seed = options.seed ?? scenario.seed
  const base = { file: scenario.file, name: scenario.name, mode: options.mode, seed }
  if (!scenario.modes.includes(options.mode)) {
    return {
      ...base,
      status: 'skipped',
      failures: [],
      durationMs: now() - started,
      skipReason: `lists modes [${scenario.modes.join(', ')}]`,
      traceLines: [],
    }
  }
  const replay = replayLine(
    relative(process.cwd(), scenario.file) || scenario.file,
    seed,
    options.mode,
    options.policy && (relative(process.cwd(), options.policy) || options.policy),
  )
  // Anvil mode: nodes come from the caller's pool, or from one opened for this scenario alone.
  // Its code (prool, execa) is loaded only by a run that needs it: a fixture run starts faster.
  const anvil = options.mode === 'anvil' ? await loadAnvil() : undefined
  const ownPool = anvil && !options.anvilPool ? anvil.createAnvilPool(2) : undefined
  try {
    const world = anvil
      ? anvil.anvilWorld({ pool: (options.anvilPool ?? ownPool)!, fork: options.fork })
      : (options.world ?? fixtureWorld({ transport: options.transport ?? 'msw' }))
    return await play(scenario, options, { ...base, replay }, world, now, started)
  } finally {
    await ownPool?.close()
  }
}

async function play(
  scenario: Scenario,
  options: RunScenarioOptions,
  base: Pick<ScenarioRun, 'file' | 'name' | 'mode' | 'seed' | 'replay'> & { seed: number },
  world: WorldBuilder,
  now: () => number,
  started: number,
): Promise<ScenarioRun> {
  const { seed, replay } = base
  let sim: Simulation
  try {
    sim = await Simulation.create(scenario, {
      seed,
      world,
      env: options.env,
      keepTrace: options.keepTrace,
      isolation: options.isolation,
      policy: options.policy,
      bootFiles: options.bootFiles,
    })
  } catch (error) {
    // A cassette that cannot be read is the scenario's problem, named like any other.
    const failures = (error instanceof Error ? error.message : String(error)).split('\n')
    return { ...base, status: 'failed', failures, replay, durationMs: now() - started, traceLines: [] }
  }
  let failures: string[]
  // A promise nobody awaits that rejects (a module's floating host call, say) would end the whole
  // process; it fails this scenario instead (decision 0107).
  const stray: unknown[] = []
  const onStray = (reason: unknown) => stray.push(reason)
  process.on('unhandledRejection', onStray)
  try {
    // In process, a module's leftover timer or handle would outlive the run (decision 0180).
    if (base.mode === 'fixture' && sim.isolation === 'in-process') {
      const { value, leaks } = await watchLeaks(() => sim.play())
      failures = [...value, ...leaks.map(describeLeak)]
    } else failures = await sim.play()
  } catch (error) {
    failures = [`internal: the runner failed: ${describeThrown(error)}`]
  } finally {
    // Rejections are reported after the microtask queue drains: give them one turn.
    await new Promise((resolve) => setImmediate(resolve))
    process.off('unhandledRejection', onStray)
  }
  for (const reason of stray) failures.push(`an unhandled promise rejection during the run: ${describeThrown(reason)}`)
  return {
    ...base,
    status: failures.length ? 'failed' : 'passed',
    failures,
    replay,
    traceHash: sim.trace.hash(),
    decisionHash: sim.trace.decisionHash(),
    decisionLines: sim.trace.decisionLines(),
    durationMs: now() - started,
    traceLines: sim.trace.lines(),
  }
}

function describeLeak(leak: LeakedResource): string {
  return `leak: a live ${leak.what} outlived the engine (created at ${leak.where}); a module or the engine must stop its timers and handles (it was cleared so the run ends)`
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

function quoteArg(s: string): string {
  return /^[\w./@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}
