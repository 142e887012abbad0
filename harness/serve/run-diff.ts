// `nexum-sim diff SCENARIO --against COMMAND`: our engine in-process (the simulation, virtual
// clock, the step player's quiescence) and COMMAND against a served copy of the same world,
// played on the same schedule of steps, then their orderbook journals compared side by side
// (decision 0192). COMMAND gets the served URLs in its environment and in `{placeholders}`; it runs
// in a process group of its own and is stopped by its PID.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { formatError } from '../../engine/errors/base-error.js'
import type { CliIo } from '../cli/cli-io.js'
import { fixtureWorld } from '../run/fixture-world.js'
import { scenarioEngineConfig } from '../run/scenario-engine-config.js'
import { Simulation } from '../run/simulation.js'
import type { Scenario } from '../scenario/types.js'
import { servedEngineToml } from './engine-toml.js'
import { ExternalProcess } from './external-process.js'
import { diffJournals, type JournalDiff, renderSideBySide } from './journal-diff.js'
import { loadServedScenario } from './load-served-scenario.js'
import { renderWorldSaw } from './render-served-report.js'
import { journalLine, ServedWorld, type ServedReport } from './served-world.js'
import { servedEnv, type ServedUrls } from './served-urls.js'

export interface DiffArgs {
  file: string
  against: string
  seed?: number | undefined
  quietMs: number
  stepTimeoutMs: number
  /** Wall ms between SIGTERM and SIGKILL when COMMAND is stopped. */
  graceMs: number
  out?: string | undefined
}

export interface DiffOutcome {
  diff: JournalDiff
  ours: { failures: string[] }
  theirs: ServedReport & { exit: { code: number | null; signal: string | null }; output: string[] }
}

/** `{rpc}`, `{rpc-ws}`, `{orderbook}`, `{chain-id}`, `{engine-toml}` in COMMAND. */
export function substitutePlaceholders(command: string, urls: ServedUrls, engineToml: string): string {
  const values: Record<string, string> = {
    rpc: urls.rpcHttp,
    'rpc-ws': urls.rpcWs,
    orderbook: urls.orderbook,
    'chain-id': String(urls.chainId),
    'engine-toml': engineToml,
  }
  return command.replace(/\{(rpc|rpc-ws|orderbook|chain-id|engine-toml)\}/g, (_m, name: string) => values[name]!)
}

export async function runDiff(args: DiffArgs, io: CliIo): Promise<number> {
  const scenario = await loadServedScenario(args.file, io)
  if (!scenario) return 2
  const seed = args.seed ?? scenario.seed
  let outcome: DiffOutcome
  try {
    outcome = await diffScenario(scenario, seed, args)
  } catch (error) {
    io.err(`nexum-sim diff: ${formatError(error)}`)
    return 1
  }
  const file = relative(process.cwd(), scenario.file) || scenario.file
  const { diff, ours, theirs } = outcome
  io.out(`nexum-sim diff ${file} (seed ${seed})`)
  io.out(
    `  ours: the in-process engine${ours.failures.length ? `, ${ours.failures.length} failure(s) of its own` : ''}`,
  )
  io.out(`  theirs: ${args.against} (exit ${theirs.exit.code ?? theirs.exit.signal ?? 'unknown'})`)
  for (const line of renderSideBySide(diff, 'the command')) io.out(line)
  for (const line of renderWorldSaw(theirs)) io.out(line)
  for (const f of ours.failures) io.out(`  ours failed: ${f}`)
  if (args.out) await writeFile(args.out, `${JSON.stringify(outcome, null, 2)}\n`)
  if (diff.equal) {
    io.out(`= the orderbook journals are the same (${diff.rows.length} exchange(s))`)
    return 0
  }
  io.out(`≠ the orderbook journals differ:`)
  for (const d of diff.differences) io.out(`    • ${d}`)
  if (theirs.output.length) {
    io.out('  the command wrote (last lines):')
    for (const line of theirs.output.slice(-20)) io.out(`    | ${line}`)
  }
  io.out(`    replay: nexum-sim diff ${file} --seed ${seed} --against ${JSON.stringify(args.against)}`)
  return 1
}

export async function diffScenario(scenario: Scenario, seed: number, args: DiffArgs): Promise<DiffOutcome> {
  // Ours: the simulation, as `nexum-sim run` plays it.
  const sim = await Simulation.create(scenario, { seed, world: fixtureWorld({ transport: 'in-process' }) })
  const ourFailures = await sim.play()
  const ourJournal = sim.exchanges().map(journalLine)

  // Theirs: the command against a served copy.
  const work = await mkdtemp(join(tmpdir(), 'nexum-sim-diff-'))
  const holder: { process?: ExternalProcess } = {}
  let served: ServedWorld | undefined
  try {
    served = await ServedWorld.start({
      scenario,
      seed,
      mode: 'fixture',
      rpcPort: 0,
      orderbookPort: 0,
      quietMs: args.quietMs,
      stepTimeoutMs: args.stepTimeoutMs,
      signal: (signal) => void holder.process?.signal(signal),
      restart: async () => {
        await holder.process?.stop(args.graceMs)
        holder.process = start()
      },
      clientAlive: () => holder.process?.exit === undefined,
    })
    const urls = served.urls
    const engineToml = join(work, 'engine.toml')
    const config = await scenarioEngineConfig(scenario, {})
    if (!(config instanceof Error)) await writeFile(engineToml, servedEngineToml(config, urls, join(work, 'state')))
    const command = substitutePlaceholders(args.against, urls, engineToml)
    const start = () => ExternalProcess.start(command, servedEnv(urls), process.cwd())
    holder.process = start()
    await served.waitForClient()
    await served.run()
    const exit = await holder.process.stop(args.graceMs)
    const report = await served.finish()
    return {
      diff: diffJournals(ourJournal, report.journal),
      ours: { failures: ourFailures },
      theirs: {
        ...report,
        exit: { code: exit.code, signal: exit.signal },
        output: holder.process.output(),
      },
    }
  } finally {
    await holder.process?.stop(args.graceMs)
    await served?.close()
    await rm(work, { recursive: true, force: true })
  }
}
