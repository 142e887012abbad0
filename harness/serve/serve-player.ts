// Plays a scenario's steps on a served world, with no engine in the process: the engine is
// whatever connects to the served URLs. The steps become a schedule of units (a `blocks:` step
// is one unit per block, so a foreign engine sees each block on its own); each unit changes the
// world exactly as the step player's step does. Waiting for the client between units is the
// caller's (settle), since only the caller knows whether it steps on command or on a cadence.
import type { BlockHeader, RawLog } from '../../engine/sources/source.js'
import type { World } from '../run/world.js'
import type { BurstEvent, Expectations, Step } from '../scenario/types.js'
import type { BlockStepFields } from '../world/block-history.js'
import type { LogBook } from './served-rpc.js'

/** The chain a step without `chain:` goes to when the world has no chain at all. */
const FALLBACK_CHAIN = 11155111

export interface ScheduleUnit {
  /** Key path of the step (`steps[3]`, `steps[3][1]` for the second block of a `blocks:`). */
  at: string
  step: Step
}

/** What a played unit did that the caller may wait on. */
export interface PlayedUnit {
  at: string
  kind: Step['kind']
  /** The blocks it sent, in order (the last one is what a client should see before the next unit). */
  blocks: { chainId: number; number: number }[]
}

export interface ServePlayerHooks {
  /** A `signal:` step: deliver it to the engine process, when the caller owns one. */
  signal?: ((signal: 'SIGTERM' | 'SIGINT') => void) | undefined
  /** A `restart:` step: restart the engine process, when the caller owns one. */
  restart?: (() => Promise<void>) | undefined
  /** An `expect:` checkpoint, judged on what can be seen from outside. */
  expect(expect: Expectations): void
  /** Something the script asked that a served world could not do (no open stream, no engine process). */
  note(at: string, message: string): void
}

export function scheduleOf(steps: readonly Step[]): ScheduleUnit[] {
  const units: ScheduleUnit[] = []
  for (const step of steps) {
    if (step.kind !== 'blocks') {
      units.push({ at: step.at, step })
      continue
    }
    for (let i = 0; i < step.count; i++)
      units.push({ at: `${step.at}[${i}]`, step: { at: `${step.at}[${i}]`, kind: 'block', chain: step.chain } })
  }
  return units
}

export class ServePlayer {
  readonly #units: ScheduleUnit[]
  #next = 0
  /** Where an `advance:` cut short by a cadence tick ends. */
  #advanceEnd: number | undefined

  constructor(
    private readonly world: World,
    steps: readonly Step[],
    private readonly logBook: LogBook | undefined,
    private readonly hooks: ServePlayerHooks,
  ) {
    this.#units = scheduleOf(steps)
  }

  get played(): number {
    return this.#next
  }

  get total(): number {
    return this.#units.length
  }

  get done(): boolean {
    return this.#next >= this.#units.length
  }

  /** The next unit's key path, if any. */
  peek(): ScheduleUnit | undefined {
    return this.#units[this.#next]
  }

  /** Plays the next unit; undefined when the script is over. */
  async playNext(): Promise<PlayedUnit | undefined> {
    const unit = this.#units[this.#next]
    if (!unit) return undefined
    this.#next++
    this.#advanceEnd = undefined
    const blocks: PlayedUnit['blocks'] = []
    await this.#play(unit.step, blocks)
    return { at: unit.at, kind: unit.step.kind, blocks }
  }

  /**
   * Cadence mode: plays every unit due by virtual time `target` (a block is due at its timestamp,
   * an `advance:` ends when its time has passed), then moves the clock to `target`.
   */
  async playUntil(target: number): Promise<PlayedUnit[]> {
    const played: PlayedUnit[] = []
    const clock = this.world.clock
    for (;;) {
      const unit = this.#units[this.#next]
      if (!unit) break
      const step = unit.step
      if (step.kind === 'block') {
        const header = this.world.nextBlock(this.#chain(step.chain), step)
        if (header.timestamp * 1000 > target) break
      } else if (step.kind === 'advance') {
        this.#advanceEnd ??= clock.now() + step.ms
        if (this.#advanceEnd > target) break
        clock.advanceTo(this.#advanceEnd)
        this.#advanceEnd = undefined
        this.#next++
        played.push({ at: unit.at, kind: 'advance', blocks: [] })
        continue
      }
      const result = await this.playNext()
      if (result) played.push(result)
    }
    if (target > clock.now()) clock.advanceTo(target)
    return played
  }

  async #play(step: Step | BurstEvent, blocks: PlayedUnit['blocks']): Promise<void> {
    const world = this.world
    switch (step.kind) {
      case 'block':
        await this.#block(this.#chain(step.chain), step, blocks)
        return
      case 'blocks':
        for (let i = 0; i < step.count; i++) await this.#block(this.#chain(step.chain), {}, blocks)
        return
      case 'log': {
        const chainId = this.#chain(step.chain)
        await this.#emitLog(chainId, {
          address: step.address,
          topics: step.topics,
          data: step.data,
          blockNumber: step.block ?? world.head(chainId).number,
          transactionHash: step.tx,
          logIndex: step.index ?? 0,
          removed: step.removed,
        })
        return
      }
      case 'drop':
      case 'error': {
        const selector = { chain: step.chain, module: step.module }
        const hit =
          step.kind === 'drop'
            ? world.faults.dropStreams(step.stream, selector)
            : world.faults.errorStreams(step.stream, selector, `scripted ${step.stream} stream error`)
        if (hit === 0) this.hooks.note(step.at, `${step.kind}: no client had a ${step.stream} subscription open`)
        return
      }
      case 'burst':
        for (const event of step.events) await this.#play(event, blocks)
        return
      case 'advance':
        world.clock.advanceTo(world.clock.now() + step.ms)
        return
      case 'signal':
        if (this.hooks.signal) this.hooks.signal(step.signal)
        else
          this.hooks.note(
            step.at,
            `signal ${step.signal}: the served world does not own the engine's process; not sent`,
          )
        return
      case 'set': {
        const chainId = this.#chain(step.chain)
        await world.changeState(chainId, { balances: step.balances, contracts: step.contracts })
        if (step.rpc !== undefined) world.faults.replaceRpcRules(chainId, step.rpc)
        return
      }
      case 'orderbook':
        world.faults.replaceOrderbook(step.behaviour)
        return
      case 'reorg': {
        const chainId = this.#chain(step.chain)
        await world.reorg(chainId, step.depth, (header) => blocks.push({ chainId, number: header.number }))
        return
      }
      case 'restart':
        if (this.hooks.restart) await this.hooks.restart()
        else this.hooks.note(step.at, 'restart: the served world does not own the engine process; not restarted')
        return
      case 'expect':
        this.hooks.expect(step.expect)
        return
    }
  }

  async #block(chainId: number, fields: BlockStepFields, blocks: PlayedUnit['blocks']): Promise<void> {
    const world = this.world
    const header: BlockHeader = world.nextBlock(chainId, fields)
    // A block ahead of the clock moves it there first; timers due on the way fire (delayed answers).
    if (header.timestamp * 1000 > world.clock.now()) world.clock.advanceTo(header.timestamp * 1000)
    await world.commitBlock(chainId, header)
    blocks.push({ chainId, number: header.number })
    for (const log of world.logsAfterBlock(chainId, header.number)) await this.#emitLog(chainId, log)
  }

  async #emitLog(chainId: number, log: RawLog): Promise<void> {
    this.logBook?.add(chainId, log)
    await this.world.emitLog(chainId, log)
  }

  #chain(chain: number | undefined): number {
    return chain ?? this.world.chainIds()[0] ?? FALLBACK_CHAIN
  }
}
