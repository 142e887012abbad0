// One scenario run in fixture mode: the simulated world, the real engine booted against it, and
// the steps played one by one with quiescence in between.
import { fileURLToPath } from 'node:url'
import { loadEngineConfigFile, engineConfigFromObject } from '../../engine/config/load-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import type { EngineExit } from '../../engine/exit.js'
import { importModuleFolder } from '../../engine/module-loader.js'
import type { EngineEvent } from '../../engine/observe/telemetry.js'
import { seededRandom } from '../../engine/random/random-seeded.js'
import { runEngine, type EngineRun } from '../../engine/run-engine.js'
import { MemoryStore } from '../../engine/store/memory-store.js'
import type { EngineModule } from '../../engine/module-api/index.js'
import type { RpcTransports } from '../../engine/transport/rpc-transport.js'
import type { EngineWorld, FetchFn } from '../../engine/world.js'
import { cassetteFallback } from '../cassette/cassette-fallback.js'
import { loadCassetteFile, type Cassette } from '../cassette/cassette.js'
import { FakeOrderbook } from '../orderbook/fake-orderbook.js'
import { inProcessFetch } from '../orderbook/in-process-transport.js'
import { startMswOrderbook, type MswOrderbook } from '../orderbook/msw-transport.js'
import type { ChainStateDecl, Expectations, Scenario, Step } from '../scenario/types.js'
import { FakeNode, createFakeRpcTransports } from '../world/fake-node.js'
import { ScriptedSources } from '../world/scripted-sources.js'
import { VirtualClock } from '../world/virtual-clock.js'
import { WorldFailureCollector } from '../world/world-failure.js'
import { checkExpectations } from './check-expectations.js'
import { Observations } from './observations.js'
import { waitUntilQuiet, type Quiet } from './quiescence.js'
import { Trace } from './trace.js'

export type OrderbookTransport = 'msw' | 'in-process'

export interface SimulationOptions {
  seed: number
  transport: OrderbookTransport
  /** `${VAR}` values for an engine.toml given by path (default: none). */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Keep every trace line in memory (default true); the hash is always computed. */
  keepTrace?: boolean | undefined
}

const DEFAULT_HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '')

export class Simulation {
  readonly trace: Trace
  readonly observations = new Observations()
  readonly failures: string[] = []
  private readonly store = new MemoryStore()
  private readonly worldFailures = new WorldFailureCollector()
  private readonly nodes = new Map<number, FakeNode>()
  private readonly sources = new ScriptedSources()
  private run: EngineRun | undefined
  private shutdown = new AbortController()
  private exit: EngineExit | undefined
  private activityCount = 0
  private runningModule = ''
  private readonly unanswered = new Set<{ module: string; method: string }>()
  private loading = 0
  private exchangesTraced = 0
  private orderbookFailuresSeen = 0
  private msw: MswOrderbook | undefined
  private fetchFn!: FetchFn

  private constructor(
    readonly scenario: Scenario,
    private readonly options: SimulationOptions,
    readonly clock: VirtualClock,
    private readonly book: FakeOrderbook,
    private readonly config: EngineConfig | Error,
    private readonly cassette: Cassette | undefined,
  ) {
    // Absolute paths differ between checkouts; the trace names them relative to stable roots.
    this.trace = new Trace(
      [
        [scenario.dir, '<scenario>'],
        [PROJECT_ROOT, '<project>'],
      ].sort((a, b) => b[0]!.length - a[0]!.length) as [string, string][],
      options.keepTrace ?? true,
    )
  }

  static async create(scenario: Scenario, options: SimulationOptions): Promise<Simulation> {
    const config = await loadConfig(scenario, options.env ?? {})
    const cassette = scenario.cassette ? await loadCassetteFile(scenario.cassette) : undefined
    const chainIds = chainIdsOf(scenario, config)
    const lowest = chainIds[0]
    const start =
      (lowest !== undefined ? scenario.chain.get(lowest)?.head.timestamp : undefined) ?? DEFAULT_HEAD.timestamp
    const clock = new VirtualClock(start * 1000)
    const roots = new Map<string, number>()
    if (!(config instanceof Error))
      for (const c of config.chains) if (c.orderbookUrl) roots.set(c.orderbookUrl, c.chainId)
    const book = await FakeOrderbook.create({ clock, behaviour: scenario.orderbook, roots })
    const sim = new Simulation(scenario, options, clock, book, config, cassette)
    for (const chainId of [...new Set([...chainIds, ...(cassette?.chains.keys() ?? [])])]) sim.node(chainId)
    return sim
  }

  /** Plays the whole scenario; returns the failures (empty = passed). */
  async play(): Promise<string[]> {
    if (this.options.transport === 'msw') this.msw = startMswOrderbook(this.book)
    // Looked up at call time: the global fetch is the one MSW patched.
    this.fetchFn =
      this.options.transport === 'msw' ? (input, init) => globalThis.fetch(input, init) : inProcessFetch(this.book)
    try {
      this.boot()
      if (!(await this.settle('boot'))) return this.failures
      for (const step of this.scenario.steps) {
        if (!(await this.playStep(step))) return this.failures
      }
      if (this.scenario.expect) this.check(this.scenario.expect)
      return this.failures
    } finally {
      if (this.run && !this.exit) {
        this.shutdown.abort('SIGTERM')
        await this.waitForExit()
      }
      this.msw?.close()
    }
  }

  exitState(): EngineExit | undefined {
    return this.exit
  }

  private boot(): void {
    this.shutdown = new AbortController()
    this.exit = undefined
    const world: EngineWorld = {
      clock: this.clock,
      random: seededRandom(BigInt(this.options.seed) ^ BigInt(this.trace.length)),
      rpc: this.attributedTransports(),
      sources: this.sources,
      fetch: this.fetchFn,
      store: this.store,
      telemetry: { emit: (e) => this.onEngineEvent(e) },
      shutdown: this.shutdown.signal,
      // Importing module code is real file I/O: counted as in flight so quiescence waits for it.
      loadModule: async (entry) => {
        this.loading++
        try {
          return this.attributed(await importModuleFolder(entry))
        } finally {
          this.loading--
        }
      },
    }
    const config = this.config
    this.run = runEngine(config instanceof Error ? () => Promise.reject(config) : config, world)
    this.run.exit.then((exit) => (this.exit = exit))
  }

  /**
   * Dispatch is sequential, so the module whose init or onEvent runs is the one making any chain
   * request that reaches the world (a dead module's host refuses calls before they get here).
   */
  private attributed(code: EngineModule): EngineModule {
    return {
      init: (config, host) => {
        this.runningModule = host.moduleName
        return code.init(config, host)
      },
      onEvent: (event, host) => {
        this.runningModule = host.moduleName
        return code.onEvent(event, host)
      },
    }
  }

  /** The fake nodes, remembering which module each unanswered request came from. */
  private attributedTransports(): RpcTransports {
    const nodes = createFakeRpcTransports(this.nodes)
    return {
      forChain: (chainId) => {
        const node = nodes.forChain(chainId)
        if (!node) return undefined
        return {
          request: (method, params, options) => {
            this.activityCount++
            const call = { module: this.runningModule, method }
            this.unanswered.add(call)
            return node.request(method, params, options).finally(() => this.unanswered.delete(call))
          },
        }
      },
    }
  }

  /** Completed chain calls from the telemetry, plus requests still waiting for an answer. */
  private callsMade(): Map<string, Map<string, number>> {
    const calls = new Map([...this.observations.calls].map(([m, methods]) => [m, new Map(methods)]))
    for (const { module, method } of this.unanswered) {
      const methods = calls.get(module) ?? new Map<string, number>()
      methods.set(method, (methods.get(method) ?? 0) + 1)
      calls.set(module, methods)
    }
    return calls
  }

  private onEngineEvent(event: EngineEvent): void {
    this.traceExchanges()
    this.activityCount++
    this.observations.observe(event)
    this.trace.record(this.clock.now(), event as unknown as Record<string, unknown>)
  }

  /** Orderbook exchanges go into the trace as they happen, before the host call that caused them. */
  private traceExchanges(): void {
    const all = this.book.exchanges
    for (; this.exchangesTraced < all.length; this.exchangesTraced++) {
      const x = all[this.exchangesTraced]!
      if (x.status === null) continue
      this.trace.record(this.clock.now(), {
        type: 'orderbook',
        chainId: x.chainId,
        method: x.method,
        path: x.path,
        status: x.status,
        errorType: x.errorType,
        uid: x.uid,
      })
    }
  }

  private async playStep(step: Step): Promise<boolean> {
    if (this.exit && step.kind !== 'restart' && step.kind !== 'expect') {
      this.failures.push(
        `${step.at}: the engine has already exited (${this.exit.reason}, code ${this.exit.code}); only \`restart\` or \`expect\` may follow`,
      )
      return false
    }
    this.trace.record(this.clock.now(), { type: 'step', at: step.at, step: step.kind })
    switch (step.kind) {
      case 'block': {
        const chainId = step.chain ?? this.defaultChain()
        if (!(await this.emitBlock(step.at, chainId, step))) return false
        break
      }
      case 'blocks': {
        const chainId = step.chain ?? this.defaultChain()
        for (let i = 0; i < step.count; i++) {
          if (this.exit) {
            this.failures.push(`${step.at}: the engine exited (${this.exit.reason}) after ${i} of ${step.count} blocks`)
            return false
          }
          if (!(await this.emitBlock(`${step.at}[${i}]`, chainId, {}))) return false
        }
        return this.checkWorld(step.at)
      }
      case 'log': {
        const chainId = step.chain ?? this.defaultChain()
        const head = this.node(chainId).head()
        this.sources.emitLog(chainId, {
          address: step.address,
          topics: step.topics,
          data: step.data,
          blockNumber: step.block ?? head.number,
          transactionHash: step.tx,
          logIndex: step.index ?? 0,
          removed: step.removed,
        })
        break
      }
      case 'drop':
      case 'error': {
        const selector = { chain: step.chain, module: step.module }
        const hit =
          step.kind === 'drop'
            ? this.sources.drop(step.stream, selector)
            : this.sources.errorItem(step.stream, selector, `scripted ${step.stream} stream error`)
        if (hit === 0) {
          const which = [
            step.stream,
            step.chain !== undefined && `on chain ${step.chain}`,
            step.module && `of module ${step.module}`,
          ]
            .filter(Boolean)
            .join(' ')
          this.failures.push(
            `${step.at}.${step.kind}: wanted an open ${which} stream, got none open (open: ${this.describeOpenStreams()})`,
          )
          return false
        }
        break
      }
      case 'advance':
        return this.advanceTo(step.at, this.clock.now() + step.ms)
      case 'signal':
        this.shutdown.abort(step.signal)
        break
      case 'set': {
        const chainId = step.chain ?? this.defaultChain()
        this.node(chainId).applySet({ balances: step.balances, contracts: step.contracts, rpc: step.rpc })
        break
      }
      case 'orderbook':
        this.book.replaceBehaviour(step.behaviour)
        break
      case 'restart':
        if (this.run && !this.exit) {
          this.shutdown.abort('SIGTERM')
          await this.waitForExit()
        }
        this.boot()
        break
      case 'expect':
        this.check(step.expect)
        return true
    }
    return this.settle(step.at)
  }

  private async emitBlock(
    at: string,
    chainId: number,
    fields: { number?: number | undefined; timestamp?: number | undefined; hash?: `0x${string}` | undefined },
  ): Promise<boolean> {
    const node = this.node(chainId)
    const recorded = this.cassette?.chains.get(chainId)
    let header = node.nextHeader(fields)
    const tape = recorded?.blocks.find((b) => b.number === header.number)
    // A recorded block keeps its real hash and timestamp unless the step overrides them.
    if (tape)
      header = node.nextHeader({
        number: tape.number,
        hash: fields.hash ?? tape.hash,
        timestamp: fields.timestamp ?? tape.timestamp,
      })
    // A block whose timestamp is ahead moves the clock there first, firing due timers on the way.
    if (header.timestamp * 1000 > this.clock.now() && !(await this.advanceTo(at, header.timestamp * 1000))) return false
    node.setHead(header)
    this.trace.record(this.clock.now(), {
      type: 'block',
      chainId,
      number: header.number,
      hash: header.hash,
      timestamp: header.timestamp,
    })
    this.sources.emitBlock(chainId, header)
    if (!(await this.settle(at))) return false
    // The cassette's logs of this block arrive after it, in their recorded order, as a node sends them.
    const logs = recorded?.logs.filter((l) => l.blockNumber === header.number) ?? []
    for (const log of logs) {
      this.trace.record(this.clock.now(), {
        type: 'cassette-log',
        chainId,
        blockNumber: log.blockNumber,
        logIndex: log.logIndex,
      })
      this.sources.emitLog(chainId, log)
      if (!(await this.settle(at))) return false
    }
    return true
  }

  /** Moves virtual time forward, one timer at a time, letting the engine settle after each. */
  private async advanceTo(at: string, target: number): Promise<boolean> {
    for (;;) {
      const next = this.clock.nextTimerAt()
      if (next === undefined || next > target) break
      this.clock.fireNext()
      if (!(await this.settle(at))) return false
    }
    this.clock.advanceTo(target)
    return this.settle(at)
  }

  private async settle(at: string): Promise<boolean> {
    if (!this.run) return true
    const result: Quiet = await waitUntilQuiet({
      status: () => this.run!.status(),
      activity: () => this.activityCount + this.book.exchanges.length + this.sources.backlog(),
      // MSW answers within one event-loop turn (measured), which the idle-turn count covers;
      // module imports and the engine's boot (reading manifests) are real I/O.
      inFlight: () => this.loading + (this.run?.status() === 'booting' ? 1 : 0),
      neverEnding: () => [
        ...[...this.nodes.values()].flatMap((n) => n.pendingLabels()),
        ...this.book.pendingRequests(),
      ],
      clock: this.clock,
    })
    if (result.kind === 'exited') await this.run.exit
    this.traceExchanges()
    if (result.kind === 'stuck') {
      this.failures.push(`${at}: engine stuck: waiting on ${result.waitingOn}`)
      return false
    }
    return this.checkWorld(at)
  }

  private checkWorld(at: string): boolean {
    const fresh = this.worldFailures.takeNew()
    for (const f of fresh) this.failures.push(`${at}: ${f.message}`)
    const book = this.book.failures.slice(this.orderbookFailuresSeen)
    for (const f of book) this.failures.push(`${at}: ${f.message}`)
    this.orderbookFailuresSeen += book.length
    // A world failure ends the run (what follows would be noise); a failed checkpoint does not.
    return fresh.length === 0 && book.length === 0
  }

  private describeOpenStreams(): string {
    const open = this.sources.openStreams()
    if (!open.length) return 'none'
    return open.map((o) => (o.kind === 'blocks' ? `blocks@${o.chainId}` : `logs@${o.chainId}/${o.module}`)).join(', ')
  }

  private check(expect: Expectations): void {
    this.traceExchanges()
    const posts = this.book.orderPosts()
    this.failures.push(
      ...checkExpectations(expect, {
        exit: this.exit,
        observations: this.observations,
        calls: this.callsMade(),
        orderbook: posts,
        readStore: (module, key) => this.store.get(module, key),
        traceHash: this.trace.hash(),
      }),
    )
  }

  private async waitForExit(): Promise<void> {
    for (;;) {
      const r = await waitUntilQuiet({
        status: () => this.run!.status(),
        activity: () => this.activityCount,
        inFlight: () => 0,
        neverEnding: () => [],
        clock: this.clock,
      })
      if (r.kind === 'exited') break
      if (r.kind === 'stuck' || r.kind === 'quiet') {
        // A dispatch hangs past the signal: only its deadline can end it.
        if (!this.clock.fireNext()) break
      }
    }
    if (this.run) await Promise.race([this.run.exit, Promise.resolve()])
  }

  private defaultChain(): number {
    const ids = [...this.nodes.keys()].sort((a, b) => a - b)
    return ids[0] ?? 11155111
  }

  private node(chainId: number): FakeNode {
    let node = this.nodes.get(chainId)
    if (!node) {
      const state: ChainStateDecl = this.scenario.chain.get(chainId) ?? {
        head: DEFAULT_HEAD,
        balances: new Map(),
        contracts: new Map(),
        rpc: [],
      }
      const recorded = this.cassette?.chains.get(chainId)
      node = new FakeNode({
        chainId,
        state,
        clock: this.clock,
        seed: this.options.seed,
        failures: this.worldFailures,
        fallback: recorded ? cassetteFallback(recorded) : undefined,
      })
      this.nodes.set(chainId, node)
    }
    return node
  }
}

async function loadConfig(
  scenario: Scenario,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EngineConfig | Error> {
  try {
    const config =
      scenario.engine.kind === 'file'
        ? await loadEngineConfigFile(scenario.engine.path, { ...env })
        : engineConfigFromObject(scenario.engine.value, {
            file: scenario.file,
            baseDir: scenario.dir,
            keyPrefix: 'engine',
            defaultStateDir: null,
          })
    // Fixture mode never touches an operator's state directory: the store is in memory.
    return { ...config, stateDir: null }
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

function chainIdsOf(scenario: Scenario, config: EngineConfig | Error): number[] {
  const ids = new Set<number>(scenario.chain.keys())
  if (!(config instanceof Error)) for (const c of config.chains) ids.add(c.chainId)
  return [...ids].sort((a, b) => a - b)
}
