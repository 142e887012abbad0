// The step player: plays a scenario's scripted steps against a `World`, one by one, letting the
// engine settle (quiescence) after each, and records the canonical trace. It knows steps, not
// worlds: the fixture world and an Anvil-backed one are driven the same way, and the faults
// the world applies meanwhile are the world's (fault-plan.ts). Verdicts go to the checker.
import type { EngineEvent } from '../../engine/observe/telemetry.js'
import type { OrderbookExchange } from '../orderbook/fake-orderbook.js'
import type { Expectations, Step } from '../scenario/types.js'
import type { BlockStepFields } from '../world/block-history.js'
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
}

export class StepPlayer {
  readonly #world: World
  readonly #engine: EngineUnderTest
  readonly #trace: Trace
  readonly #observations: Observations
  readonly #checker: Checker

  constructor(parts: StepPlayerParts) {
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
      if (!(await this.#settle('boot'))) return
      for (const step of steps) if (!(await this.#playStep(step))) return
      if (expect) this.#check(expect)
    } finally {
      await this.#engine.stop()
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
        `the engine has already exited (${exit.reason}, code ${exit.code}); only \`restart\` or \`expect\` may follow`,
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
          if (!(await this.#block(`${step.at}[${i}]`, chainId, {}))) return false
        }
        return this.#checkWorld(step.at)
      }
      case 'log': {
        const chainId = step.chain ?? this.#defaultChain()
        const head = world.head(chainId)
        await world.emitLog(chainId, {
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
            ? world.faults.dropStreams(step.stream, selector)
            : world.faults.errorStreams(step.stream, selector, `scripted ${step.stream} stream error`)
        if (hit === 0) {
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
        break
      }
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
      case 'restart':
        await this.#engine.stop()
        this.#engine.boot()
        break
      case 'expect':
        this.#check(step.expect)
        return true
    }
    return this.#settle(step.at)
  }

  async #block(at: string, chainId: number, fields: BlockStepFields): Promise<boolean> {
    const world = this.#world
    const header = world.nextBlock(chainId, fields)
    // A block whose timestamp is ahead moves the clock there first, firing due timers on the way.
    if (header.timestamp * 1000 > world.clock.now() && !(await this.#advanceTo(at, header.timestamp * 1000)))
      return false
    this.#trace.record(world.clock.now(), {
      type: 'block',
      chainId,
      number: header.number,
      hash: header.hash,
      timestamp: header.timestamp,
    })
    await world.commitBlock(chainId, header)
    if (!(await this.#settle(at))) return false
    // Logs the world delivers with this block (a cassette's) arrive after it, in order, as a node sends them.
    for (const log of world.logsAfterBlock(chainId, header.number)) {
      this.#trace.record(world.clock.now(), {
        type: 'cassette-log',
        chainId,
        blockNumber: log.blockNumber,
        logIndex: log.logIndex,
      })
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
      inFlight: () => engine.inFlight(),
      computing: () => engine.computing(),
      neverEnding: () => world.neverEnding(),
      clock: world.clock,
    })
    if (result.kind === 'exited') await engine.exited()
    this.#traceExchanges()
    if (result.kind === 'stuck') {
      this.#checker.fail(at, `engine stuck: waiting on ${result.waitingOn}`)
      return false
    }
    return this.#checkWorld(at)
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
      readStore: (module, key) => this.#world.readStore(module, key),
      traceHash: this.#trace.hash(),
    })
  }

  /** Orderbook exchanges go into the trace as they happen, before the host call that caused them. */
  #traceExchanges(): void {
    for (const x of this.#world.takeExchanges()) this.#trace.record(this.#world.clock.now(), exchangeRecord(x))
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
