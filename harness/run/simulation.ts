// One scenario run: the engine configuration, the fault plan, a world built from them, the real
// engine booted against it, the step player and the checker, wired together. Each part lives in
// its own file; this one only assembles them (decision 0111).
import type { IsolationMode } from '../../engine/isolation/module-runner.js'
import { PROJECT_ROOT } from '../../engine/project/package-root.js'
import { loadCassetteFile } from '../cassette/cassette.js'
import { buildCheckerModel } from '../check/build-checker-model.js'
import { TraceChecker } from '../check/check-trace.js'
import type { Expectations, Scenario } from '../scenario/types.js'
import { type BootFiles, rememberedBootFiles } from './boot-files.js'
import { Checker } from './checker.js'
import { EngineUnderTest } from './engine-under-test.js'
import { type FaultPlan, scenarioFaultPlan } from './fault-plan.js'
import { LogMatchers } from './log-matchers.js'
import { Observations } from './observations.js'
import { ProductionStateDir } from './production-store.js'
import { scenarioEngineConfig } from './scenario-engine-config.js'
import { StepPlayer } from './step-player.js'
import { Trace } from './trace.js'
import type { WorldBuilder } from './world.js'

export interface SimulationOptions {
  seed: number
  /** Builds the world the engine runs against (the fixture world, or another). */
  world: WorldBuilder
  /** The faults the world applies; default: the ones the scenario declares. */
  faults?: FaultPlan | undefined
  /** `${VAR}` values for an engine.toml given by path (default: none). */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Keep every trace line in memory (default true); the hash is always computed. */
  keepTrace?: boolean | undefined
  /** How modules run when the scenario does not say (`isolation:`); default the engine config's, else in-process. */
  isolation?: IsolationMode | undefined
  /** `--policy`: the orderbook policy file, over the scenario's and the engine's (docs/policies.md). */
  policy?: string | undefined
  /** Files every boot reads, kept across runs by a caller (a fuzz campaign); default: kept for this run. */
  bootFiles?: BootFiles | undefined
}

/** Every expect block of the scenario: the steps' and the final one. */
function expectBlocks(scenario: Scenario): (Expectations | undefined)[] {
  return [...scenario.steps.map((s) => (s.kind === 'expect' ? s.expect : undefined)), scenario.expect]
}

/** Some `expect` of the scenario (a step's or the final one) names `exit.reason: boot-failed`. */
function expectsBootFailure(scenario: Scenario): boolean {
  return expectBlocks(scenario).some((e) => e?.exit?.reason === 'boot-failed')
}

export class Simulation {
  private constructor(
    readonly trace: Trace,
    readonly checker: Checker,
    private readonly player: StepPlayer,
    private readonly scenario: Scenario,
    private readonly stateDir: ProductionStateDir | undefined,
    /** How the engine runs modules in this run (the scenario's, the run's or the config's choice). */
    readonly isolation: IsolationMode,
  ) {}

  static async create(scenario: Scenario, options: SimulationOptions): Promise<Simulation> {
    const loaded = await scenarioEngineConfig(scenario, options.env ?? {}, options.isolation, options.policy)
    // `store: sqlite`: the production store in a temporary state_dir, named by a token in the trace.
    const stateDir = scenario.store === 'sqlite' && !(loaded instanceof Error) ? new ProductionStateDir() : undefined
    const config = stateDir && !(loaded instanceof Error) ? { ...loaded, stateDir: stateDir.dir } : loaded
    const bootFiles = options.bootFiles ?? rememberedBootFiles()
    if (!(config instanceof Error)) await bootFiles.prepareModules(config.modules)
    const faults = options.faults ?? scenarioFaultPlan(scenario, options.seed)
    const world = await options.world({ scenario, config, faults, seed: options.seed })
    const cassette = scenario.cassette ? await loadCassetteFile(scenario.cassette) : undefined
    const checker = new Checker(
      new TraceChecker(
        await buildCheckerModel(scenario, config, cassette, world.chainIds()[0] ?? 11155111, bootFiles.files.manifest),
      ),
    )
    // Absolute paths differ between checkouts; the trace names them relative to stable roots.
    const trace = new Trace(
      [
        [scenario.dir, '<scenario>'],
        [PROJECT_ROOT, '<project>'],
        ...(stateDir ? [[stateDir.dir, '<state_dir>']] : []),
      ].sort((a, b) => b[0]!.length - a[0]!.length) as [string, string][],
      options.keepTrace ?? true,
      (line, parsed) => checker.traceLine(line, parsed),
    )
    const events: { player?: StepPlayer } = {}
    const engine = new EngineUnderTest({
      world,
      config,
      // A restart boots with a different random stream, still a pure function of the run.
      randomSeed: () => BigInt(options.seed) ^ BigInt(trace.length),
      onEvent: (event) => events.player?.onEngineEvent(event),
      openStore: stateDir && (() => stateDir.openForBoot()),
      bootFiles,
    })
    events.player = new StepPlayer({
      world,
      engine,
      trace,
      // Log lines are matched as they come and never kept; the dispatch list only for expect.order.
      observations: new Observations({
        logMatchers: new LogMatchers(expectBlocks(scenario)),
        keepDispatches: expectBlocks(scenario).some((e) => e?.order !== undefined),
      }),
      checker,
      readStore: stateDir && ((module, key) => stateDir.read(module, key)),
      bootFailureExpected: expectsBootFailure(scenario),
      computeGraceMs: scenario.computeGraceMs,
    })
    const isolation = config instanceof Error ? 'in-process' : (config.isolation ?? 'in-process')
    return new Simulation(trace, checker, events.player, scenario, stateDir, isolation)
  }

  /** The orderbook exchanges the run made, in arrival order (the journal `nexum-sim diff` compares). */
  exchanges() {
    return this.player.exchanges()
  }

  /** Plays the whole scenario; returns the failures (empty = passed). */
  async play(): Promise<string[]> {
    try {
      await this.player.play(this.scenario.steps, this.scenario.expect)
      if (this.stateDir && this.stateDir.files().length === 0)
        this.checker.fail(
          'store',
          `the engine ran on store: sqlite but left nothing in its state_dir ${this.stateDir.dir}`,
        )
    } finally {
      this.stateDir?.remove()
    }
    this.checker.traceEnded()
    return [...this.checker.failures]
  }
}
