// The step player: plays a scenario's scripted steps against a `World`, one by one, letting the
// engine settle (quiescence) after each, and records the canonical trace. It knows steps, not
// worlds: the fixture world and an Anvil-backed one are driven the same way, and the faults
// the world applies meanwhile are the world's (fault-plan.ts). Verdicts go to the checker.
import type { EngineEvent } from '../../engine/observe/telemetry.js'
import type { OrderbookExchange } from '../orderbook/fake-orderbook.js'
import type { BlockHeader, RawLog } from '../../engine/sources/source.js'
import type { BurstEvent, Expectations, Step } from '../scenario/types.js'
import type { BlockStepFields } from '../world/block-history.js'
import { postedOrders } from './check-journal.js'
import type { Checker } from './checker.js'
import type { EngineUnderTest } from './engine-under-test.js'
import type { Observations } from './observations.js'
import { waitUntilQuiet } from './quiescence.js'
import type { Trace } from './trace.js'
import type { World } from './world.js'

/** The chain a step without `chain:` goes to when the world has no chain at all. */
const FALLBACK_CHAIN = 11155111

export interface StepPlayerParts {
  world: World
  /** Built with `onEvent` wired to this player's `onEngineEvent`. */
  engine: EngineUnderTest
  trace: Trace
  observations: Observations
  checker: Checker
  /** Where `expect.store` reads (`store: sqlite`: the production store); default: the world's store. */
  readStore?: ((module: string, key: string) => Uint8Array | undefined) | undefined
  /** Some `expect` of the scenario says `exit.reason: boot-failed`; otherwise a failed boot fails the run. */
  bootFailureExpected?: boolean | undefined
  /** Real ms an isolated module may compute before virtual time moves on (`compute_grace`). */
  computeGraceMs?: number | undefined
}

export class StepPlayer {
  readonly #world: World
  readonly #engine: EngineUnderTest
  readonly #trace: Trace
  readonly #observations: Observations
  readonly #checker: Checker
  readonly #readStore: (module: string, key: string) => Uint8Array | undefined
  readonly #bootFailureExpected: boolean
  readonly #computeGraceMs: number | undefined
  /** Every answered orderbook exchange so far, in arrival order (the journal). */
  readonly #exchanges: OrderbookExchange[] = []

  constructor(parts: StepPlayerParts) {
    this.#bootFailureExpected = parts.bootFailureExpected ?? false
    this.#computeGraceMs = parts.computeGraceMs
    this.#readStore = parts.readStore ?? ((module, key) => parts.world.readStore(module, key))
    this.#world = parts.world
    this.#engine = parts.engine
    this.#trace = parts.trace
    this.#observations = parts.observations
    this.#checker = parts.checker
  }

  /** Boots the engine, plays every step, checks the final `expect`; stops the engine whatever happens. */
  async play(steps: readonly Step[], expect: Expectations | undefined): Promise<void> {
    await this.#world.start()
    try {
      this.#engine.boot()
      if (!(await this.#settle('boot')) || !this.#bootOk('boot')) return
      for (const step of steps) if (!(await this.#playStep(step))) return
      if (expect) this.#check(expect)
    } finally {
      await this.#engine.stop()
      this.#checkCrash('stop')
      await this.#world.stop()
    }
  }

  /** Every telemetry event of the engine: tallied and traced, after the orderbook exchanges that led to it. */
  onEngineEvent(event: EngineEvent): void {
    this.#traceExchanges()
    this.#observations.observe(event)
    this.#trace.record(this.#world.clock.now(), event as unknown as Record<string, unknown>)
  }

  async #playStep(step: Step): Promise<boolean> {
    const world = this.#world
    const exit = this.#engine.exit
    if (exit && step.kind !== 'restart' && step.kind !== 'expect') {
      this.#checker.fail(
        step.at,
        `the engine has already exited (${exit.reason}, code ${exit.code}${exit.error ? `: ${exit.error}` : ''}); only \`restart\` or \`expect\` may follow`,
      )
      return false
    }
    this.#trace.record(world.clock.now(), { type: 'step', at: step.at, step: step.kind })
    switch (step.kind) {
      case 'block':
        if (!(await this.#block(step.at, step.chain ?? this.#defaultChain(), step))) return false
        break
      case 'blocks': {
        const chainId = step.chain ?? this.#defaultChain()
        for (let i = 0; i < step.count; i++) {
          const exited = this.#engine.exit
          if (exited) {
            this.#checker.fail(step.at, `the engine exited (${exited.reason}) after ${i} of ${step.count} blocks`)
            return false
          }
          // toFixed, not `${i}`: a string from V8's number cache outlives two scavenges and is
          // promoted, one a block (decision 0216).
          if (!(await this.#block(`${step.at}[${i.toFixed(0)}]`, chainId, {}))) return false
        }
        return this.#checkWorld(step.at)
      }
      case 'log':
        await this.#emitLog(step)
        break
      case 'drop':
      case 'error':
        if (!this.#streamFault(step)) return false
        break
      case 'burst':
        if (!(await this.#burst(step.events))) return false
        break
      case 'advance':
        return this.#advanceTo(step.at, world.clock.now() + step.ms)
      case 'signal':
        this.#engine.signal(step.signal)
        break
      case 'set': {
        const chainId = step.chain ?? this.#defaultChain()
        await world.changeState(chainId, { balances: step.balances, contracts: step.contracts })
        if (step.rpc !== undefined) world.faults.replaceRpcRules(chainId, step.rpc)
        break
      }
      case 'orderbook':
        world.faults.replaceOrderbook(step.behaviour)
        break
      case 'reorg':
        {
          const chainId = step.chain ?? this.#defaultChain()
          await world.reorg(chainId, step.depth, (header) => this.#traceBlock(chainId, header))
        }
        break
      case 'restart':
        await this.#engine.stop()
        this.#engine.boot()
        return (await this.#settle(step.at)) && this.#bootOk(step.at)
      case 'expect':
        this.#check(step.expect)
        return true
    }
    return this.#settle(step.at)
  }

  #emitLog(step: Extract<Step, { kind: 'log' }>): Promise<void> {
    const chainId = step.chain ?? this.#defaultChain()
    return this.#world.emitLog(chainId, {
      address: step.address,
      topics: step.topics,
      data: step.data,
      blockNumber: step.block ?? this.#world.head(chainId).number,
      transactionHash: step.tx,
      logIndex: step.index ?? 0,
      removed: step.removed,
    })
  }

  /** `drop:` / `error:`; one that matches no open stream fails (almost always a typo). */
  #streamFault(step: Extract<Step, { kind: 'drop' | 'error' }>): boolean {
    const world = this.#world
    const selector = { chain: step.chain, module: step.module }
    const hit =
      step.kind === 'drop'
        ? world.faults.dropStreams(step.stream, selector)
        : world.faults.errorStreams(step.stream, selector, `scripted ${step.stream} stream error`)
    if (hit > 0) return true
    const which = [
      step.stream,
      step.chain !== undefined && `on chain ${step.chain}`,
      step.module && `of module ${step.module}`,
    ]
      .filter(Boolean)
      .join(' ')
    this.#checker.fail(
      `${step.at}.${step.kind}`,
      `wanted an open ${which} stream, got none open (open: ${this.#describeOpenStreams()})`,
    )
    return false
  }

  /**
   * `burst:` — every event handed to the world in one synchronous sweep, with no await (and so no
   * engine turn) in between, then one settle: what the engine finds queued is really queued. A
   * block ahead of the clock moves it at once; timers due on the way fire without the engine
   * settling between them.
   */
  async #burst(events: readonly BurstEvent[]): Promise<boolean> {
    const world = this.#world
    const deliveries: Promise<void>[] = []
    const block = (chainId: number, fields: BlockStepFields) => {
      const header = world.nextBlock(chainId, fields)
      if (header.timestamp * 1000 > world.clock.now()) world.clock.advanceTo(header.timestamp * 1000)
      this.#traceBlock(chainId, header)
      deliveries.push(world.commitBlock(chainId, header))
      for (const log of world.logsAfterBlock(chainId, header.number)) {
        this.#traceCassetteLog(chainId, log)
        deliveries.push(world.emitLog(chainId, log))
      }
    }
    let ok = true
    for (const event of events) {
      this.#trace.record(world.clock.now(), { type: 'step', at: event.at, step: event.kind })
      switch (event.kind) {
        case 'block':
          block(event.chain ?? this.#defaultChain(), event)
          break
        case 'blocks':
          for (let i = 0; i < event.count; i++) block(event.chain ?? this.#defaultChain(), {})
          break
        case 'log':
          deliveries.push(this.#emitLog(event))
          break
        case 'drop':
        case 'error':
          ok = this.#streamFault(event)
          break
        case 'signal':
          this.#engine.signal(event.signal)
          break
      }
      if (!ok) break
    }
    await Promise.all(deliveries)
    return ok
  }

  #traceBlock(chainId: number, header: BlockHeader): void {
    this.#trace.record(this.#world.clock.now(), {
      type: 'block',
      chainId,
      number: header.number,
      hash: header.hash,
      timestamp: header.timestamp,
    })
  }

  #traceCassetteLog(chainId: number, log: RawLog): void {
    this.#trace.record(this.#world.clock.now(), {
      type: 'cassette-log',
      chainId,
      blockNumber: log.blockNumber,
      logIndex: log.logIndex,
    })
  }

  async #block(at: string, chainId: number, fields: BlockStepFields): Promise<boolean> {
    const world = this.#world
    const header = world.nextBlock(chainId, fields)
    // A block whose timestamp is ahead moves the clock there first, firing due timers on the way.
    if (header.timestamp * 1000 > world.clock.now() && !(await this.#advanceTo(at, header.timestamp * 1000)))
      return false
    this.#traceBlock(chainId, header)
    await world.commitBlock(chainId, header)
    if (!(await this.#settle(at))) return false
    // Logs the world delivers with this block (a cassette's) arrive after it, in order, as a node sends them.
    for (const log of world.logsAfterBlock(chainId, header.number)) {
      this.#traceCassetteLog(chainId, log)
      await world.emitLog(chainId, log)
      if (!(await this.#settle(at))) return false
    }
    return true
  }

  /** Moves virtual time forward, one timer at a time, letting the engine settle after each. */
  async #advanceTo(at: string, target: number): Promise<boolean> {
    const clock = this.#world.clock
    for (;;) {
      const next = clock.nextTimerAt()
      if (next === undefined || next > target) break
      clock.fireNext()
      if (!(await this.#settle(at))) return false
    }
    clock.advanceTo(target)
    // Every step ends settled, and so does each timer fired above: an engine waiting on its
    // streams with no timer due by `target` runs no code when only the time moves, so there is
    // nothing to settle. That wait was three idle event-loop turns of every block (decision 0230).
    if (this.#engine.booted && this.#engine.status() === 'waiting') return true
    return this.#settle(at)
  }

  async #settle(at: string): Promise<boolean> {
    const engine = this.#engine
    const world = this.#world
    if (!engine.booted) return true
    const result = await waitUntilQuiet({
      status: () => engine.status(),
      activity: () => engine.activity() + world.activity(),
      // MSW answers within one event-loop turn (measured), which the idle-turn count covers;
      // module imports and the engine's boot (reading manifests) are real I/O.
      inFlight: () => engine.inFlight() + (world.inFlight?.() ?? 0),
      computing: () => engine.computing(),
      computeGraceMs: this.#computeGraceMs,
      neverEnding: () => world.neverEnding(),
      clock: world.clock,
    })
    if (result.kind === 'exited') await engine.exited()
    this.#traceExchanges()
    if (!this.#checkCrash(at)) return false
    if (result.kind === 'stuck') {
      this.#checker.fail(at, `engine stuck: waiting on ${result.waitingOn}`)
      return false
    }
    return this.#checkWorld(at)
  }

  /**
   * A boot that failed fails the run, with the engine's error, unless the scenario expects it
   * (`expect: { exit: { reason: boot-failed } }`): a typo in a module path must not pass as a
   * scenario that checked nothing.
   */
  #bootOk(at: string): boolean {
    const exit = this.#engine.exit
    if (exit?.reason !== 'boot-failed' || this.#bootFailureExpected) return true
    this.#checker.fail(
      at,
      `the engine failed to boot: ${exit.error ?? 'no error given'} (a scenario about a refused boot declares expect: { exit: { reason: boot-failed } })`,
    )
    return false
  }

  /** An exception that escaped the engine fails the run with its stack; the trace marks the end of that boot. */
  #checkCrash(at: string): boolean {
    const crash = this.#engine.takeCrash()
    if (!crash) return true
    const { error } = crash
    const message = error instanceof Error ? error.message : String(error)
    this.#trace.record(this.#world.clock.now(), { type: 'crash', error: message })
    this.#checker.fail(at, `the engine threw: ${error instanceof Error ? (error.stack ?? message) : message}`)
    return false
  }

  #checkWorld(at: string): boolean {
    return this.#checker.world(at, this.#world.takeFailures())
  }

  #check(expect: Expectations): void {
    this.#traceExchanges()
    this.#checker.expectations(expect, {
      exit: this.#engine.exit,
      observations: this.#observations,
      calls: this.#callsMade(),
      orderbook: this.#world.orderPosts(),
      posted: postedOrders(this.#exchanges),
      readStore: this.#readStore,
      traceHash: this.#trace.hash(),
    })
  }

  /** Orderbook exchanges go into the trace as they happen, before the host call that caused them. */
  #traceExchanges(): void {
    for (const x of this.#world.takeExchanges()) {
      this.#exchanges.push(x)
      this.#trace.record(this.#world.clock.now(), exchangeRecord(x))
    }
  }

  /** The orderbook exchanges answered so far, in arrival order. */
  exchanges(): readonly OrderbookExchange[] {
    return this.#exchanges
  }

  /** Completed chain calls from the telemetry, plus requests still waiting for an answer. */
  #callsMade(): Map<string, Map<string, number>> {
    const calls = new Map([...this.#observations.calls].map(([m, methods]) => [m, new Map(methods)]))
    for (const { module, method } of this.#engine.unanswered()) {
      const methods = calls.get(module) ?? new Map<string, number>()
      methods.set(method, (methods.get(method) ?? 0) + 1)
      calls.set(module, methods)
    }
    return calls
  }

  #describeOpenStreams(): string {
    const open = this.#world.openStreams()
    if (!open.length) return 'none'
    return open.map((o) => (o.kind === 'blocks' ? `blocks@${o.chainId}` : `logs@${o.chainId}/${o.module}`)).join(', ')
  }

  #defaultChain(): number {
    return this.#world.chainIds()[0] ?? FALLBACK_CHAIN
  }
}

function exchangeRecord(x: OrderbookExchange): Record<string, unknown> {
  return {
    type: 'orderbook',
    chainId: x.chainId,
    method: x.method,
    path: x.path,
    status: x.status,
    errorType: x.errorType,
    uid: x.uid,
    // Only the staging (barn) root is named, so production traces keep their shape.
    env: x.env === 'staging' ? x.env : undefined,
  }
}
