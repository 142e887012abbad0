// A scenario's world served on loopback (`nexum-sim serve`, `nexum-sim diff`): the world
// (fixture or Anvil) built as for a run, its JSON-RPC on one port, its orderbook on another, and
// the schedule played on command (the control endpoint), on a virtual cadence, or all at once.
// Everything the clients did is kept: the orderbook journal (the book's exchanges), the RPC
// methods asked, and the black-box verdict of the scenario's expectations.
import type { Server } from 'node:http'
import type { AnvilPool } from '../anvil/anvil-pool.js'
import type { OrderbookExchange } from '../orderbook/fake-orderbook.js'
import { anvilWorld } from '../run/anvil-world.js'
import { postedOrders } from '../run/check-journal.js'
import { scenarioFaultPlan } from '../run/fault-plan.js'
import { fixtureWorld } from '../run/fixture-world.js'
import { scenarioEngineConfig } from '../run/scenario-engine-config.js'
import type { World } from '../run/world.js'
import type { Expectations, Scenario } from '../scenario/types.js'
import { checkBlackBox } from './check-black-box.js'
import { type ActivityReport, ClientActivity } from './client-activity.js'
import { listenLoopback, type OrderbookServer, serveOrderbook } from './orderbook-server.js'
import { type ControlAnswer, type RpcServer, startRpcServer } from './rpc-server.js'
import { LogBook, ServedRpc } from './served-rpc.js'
import { type PlayedUnit, ServePlayer, type ServePlayerHooks } from './serve-player.js'
import { servedConfig, type ServedUrls, servedUrls } from './served-urls.js'

export type ServeMode = 'fixture' | 'anvil'

export interface ServeOptions {
  scenario: Scenario
  seed: number
  mode: ServeMode
  /** 0: a free port. */
  rpcPort: number
  orderbookPort: number
  /** Anvil mode: where the nodes come from. */
  anvilPool?: AnvilPool | undefined
  /** Settling a unit: how long without client work counts as done (wall ms). */
  quietMs: number
  /** Settling a unit: the longest wait for a client to see a block and go quiet (wall ms). */
  stepTimeoutMs: number
  /** `signal:` / `restart:` steps, when the caller owns the engine's process. */
  signal?: ServePlayerHooks['signal']
  restart?: ServePlayerHooks['restart']
  /** False once the client is known to be gone (the process under diff exited): steps stop waiting for it. */
  clientAlive?: (() => boolean) | undefined
}

export interface ServedState {
  played: number
  total: number
  done: boolean
  next: string | null
  virtualTimeMs: number
  heads: Record<string, number>
  orderbook: { posts: number; accepted: number; rejected: number }
  failures: number
  /** Requests the clients made so far (0: nobody has connected). */
  requests: number
}

/** What the world saw, for the exit report and `--out`. */
export interface ServedReport {
  scenario: string
  seed: number
  mode: ServeMode
  urls: ServedUrls
  played: { at: string; kind: string; blocks: { chainId: number; number: number }[]; settled: string }[]
  notes: string[]
  clients: ActivityReport
  journal: JournalLine[]
  failures: string[]
  unjudged: string[]
  held: boolean
}

/** One orderbook exchange, as the journal shows it (bodies parsed when they are JSON). */
export interface JournalLine {
  seq: number
  chainId: number
  afterBlock: number | null
  method: string
  path: string
  query: string
  request: unknown
  status: number | null
  errorType: string | null
  uid: string | null
  answer: unknown
}

export class ServedWorld {
  readonly #exchanges: OrderbookExchange[] = []
  readonly #failures: string[] = []
  readonly #notes: string[] = []
  readonly #unjudged = new Set<string>()
  readonly #played: ServedReport['played'] = []
  readonly #player: ServePlayer
  #queue: Promise<unknown> = Promise.resolve()
  #cadence: ReturnType<typeof setInterval> | undefined
  #stopRequested: (() => void) | undefined
  #closed = false
  #waited = false
  /** Resolves when a client POSTs /control/stop. */
  readonly stopRequested: Promise<void>

  private constructor(
    readonly urls: ServedUrls,
    readonly world: World,
    readonly activity: ClientActivity,
    private readonly options: ServeOptions,
    private readonly servers: { rpc: RpcServer; orderbook: OrderbookServer },
    player: ServePlayer,
  ) {
    this.#player = player
    this.stopRequested = new Promise((resolve) => {
      this.#stopRequested = resolve
    })
  }

  static async start(options: ServeOptions): Promise<ServedWorld> {
    const { scenario, seed } = options
    const loaded = await scenarioEngineConfig(scenario, {})
    // Both ports are bound first: the orderbook's served root is part of the world it is built into.
    const orderbookListener = await listenLoopback(options.orderbookPort)
    const rpcListener = await listenLoopback(options.rpcPort).catch(async (error) => {
      await closeServer(orderbookListener.server)
      throw error
    })
    let rpcServer: RpcServer | undefined
    let world: World | undefined
    try {
      const chainIds = worldChainIds(scenario, loaded)
      const urls = servedUrls(chainIds, rpcListener.port, orderbookListener.port)
      const config = servedConfig(loaded, urls, scenario.file)
      const builder =
        options.mode === 'anvil' ? anvilWorld({ pool: options.anvilPool! }) : fixtureWorld({ transport: 'in-process' })
      world = await builder({ scenario, config, faults: scenarioFaultPlan(scenario, seed), seed })
      await world.start()
      const activity = new ClientActivity()
      const logBook = options.mode === 'fixture' ? new LogBook() : undefined
      const rpc = new ServedRpc(world, activity, logBook)
      const holder: { served?: ServedWorld; player?: ServePlayer } = {}
      const hooks: ServePlayerHooks = {
        signal: options.signal,
        restart: options.restart,
        expect: (expect) => holder.served?.judge(expect),
        note: (at, message) => holder.served?.note(at, message),
      }
      holder.player = new ServePlayer(world, scenario.steps, logBook, hooks)
      rpcServer = await startRpcServer({
        server: rpcListener.server,
        world,
        rpc,
        activity,
        control: (method, path, body) => holder.served!.control(method, path, body),
      })
      const orderbook = serveOrderbook(orderbookListener.server, world, activity)
      const served = new ServedWorld(urls, world, activity, options, { rpc: rpcServer, orderbook }, holder.player)
      holder.served = served
      return served
    } catch (error) {
      if (rpcServer) await rpcServer.close()
      else await closeServer(rpcListener.server)
      await closeServer(orderbookListener.server)
      await world?.stop()
      throw error
    }
  }

  /** The control endpoint (`/control/state`, `/control/step`, `/control/run`, `/control/stop`). */
  async control(method: string, path: string, _body: string): Promise<ControlAnswer> {
    const route = `${method.toUpperCase()} ${path.replace(/\/$/, '')}`
    switch (route) {
      case 'GET /control/state':
        return { status: 200, body: this.state() }
      case 'POST /control/step':
        if (this.#cadence)
          return { status: 409, body: { error: 'the world runs on a cadence; steps are not taken on command' } }
        if (this.#player.done) return { status: 409, body: { error: 'the script is over', state: this.state() } }
        await this.step()
        return { status: 200, body: this.state() }
      case 'POST /control/run':
        if (this.#cadence)
          return { status: 409, body: { error: 'the world runs on a cadence; steps are not taken on command' } }
        await this.run()
        return { status: 200, body: this.state() }
      case 'POST /control/stop':
        this.#stopRequested?.()
        return { status: 200, body: this.state() }
      default:
        return {
          status: path.match(/^\/control\/(state|step|run|stop)$/) ? 405 : 404,
          body: {
            error: `no control route ${route}: GET /control/state, POST /control/step, /control/run, /control/stop`,
          },
        }
    }
  }

  /** Plays the next unit and waits for the clients to settle; one at a time, in call order. */
  step(): Promise<PlayedUnit | undefined> {
    return this.#serial(() => this.#stepNow())
  }

  /** Plays every remaining unit, settling after each. */
  run(): Promise<void> {
    return this.#serial(async () => {
      while (!this.#player.done) await this.#stepNow()
    })
  }

  /**
   * Waits until a client watches the chain (a subscription, or a poll of the head) and has gone
   * quiet (an engine booting), up to the step timeout: a block sent before it subscribes is lost.
   */
  waitForClient(): Promise<void> {
    this.#waited = true
    return this.#serial(() => this.#awaitWatching())
  }

  async #awaitWatching(): Promise<void> {
    const started = performance.now()
    const chainId = this.world.chainIds()[0]
    const watching = () => chainId === undefined || this.activity.watching(chainId, this.world.head(chainId).number)
    while (!watching() && this.#clientAlive() && performance.now() - started < this.options.stepTimeoutMs)
      await sleep(10)
    await this.#quiet(started)
  }

  /** Cadence mode: every `tickMs` of wall time, `cadenceMs` of virtual time passes and what is due is played. */
  startCadence(cadenceMs: number, tickMs: number): void {
    this.#cadence = setInterval(() => {
      void this.#serial(async () => {
        const target = this.world.clock.now() + cadenceMs
        for (const unit of await this.#player.playUntil(target)) this.#record(unit, 'cadence')
        this.#collect()
        if (this.#player.done && this.#cadence) {
          clearInterval(this.#cadence)
          this.#cadence = undefined
        }
      })
    }, tickMs)
  }

  get done(): boolean {
    return this.#player.done
  }

  state(): ServedState {
    const heads: Record<string, number> = {}
    for (const id of this.world.chainIds()) heads[String(id)] = this.world.head(id).number
    this.#collect()
    return {
      played: this.#player.played,
      total: this.#player.total,
      done: this.#player.done,
      next: this.#player.peek()?.at ?? null,
      virtualTimeMs: this.world.clock.now(),
      heads,
      orderbook: this.world.orderPosts(),
      failures: this.#failures.length,
      requests: this.activity.requests,
    }
  }

  /** Every answered orderbook exchange so far, in arrival order. */
  exchanges(): readonly OrderbookExchange[] {
    this.#collect()
    return this.#exchanges
  }

  judge(expect: Expectations): void {
    this.#collect()
    const verdict = checkBlackBox(expect, { orderbook: this.world.orderPosts(), posted: postedOrders(this.#exchanges) })
    this.#failures.push(...verdict.failures)
    for (const key of verdict.unjudged) this.#unjudged.add(key)
  }

  note(at: string, message: string): void {
    this.#notes.push(`${at}: ${message}`)
  }

  /** Judges the final `expect:` (once the script is over) and closes everything; returns what the world saw. */
  async finish(): Promise<ServedReport> {
    await this.#serial(async () => {})
    if (this.#cadence) clearInterval(this.#cadence)
    this.#cadence = undefined
    if (!this.#player.done) {
      const next = this.#player.peek()
      this.#failures.push(
        `${next?.at ?? 'steps'}: the script was not over when the served world stopped (${this.#player.played} of ${this.#player.total} steps played)`,
      )
    } else if (this.options.scenario.expect) this.judge(this.options.scenario.expect)
    this.#collect()
    await this.close()
    return {
      scenario: this.options.scenario.file,
      seed: this.options.seed,
      mode: this.options.mode,
      urls: this.urls,
      played: this.#played,
      notes: this.#notes,
      clients: this.activity.report(),
      journal: this.#exchanges.map(journalLine),
      failures: [...this.#failures],
      unjudged: [...this.#unjudged],
      held: this.#failures.length === 0,
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#cadence) clearInterval(this.#cadence)
    await this.servers.rpc.close()
    await this.servers.orderbook.close()
    await this.world.stop()
  }

  async #stepNow(): Promise<PlayedUnit | undefined> {
    // The first step waits for a client to watch the chain: a block sent before it subscribes is lost.
    if (this.#player.played === 0 && !this.#waited) {
      this.#waited = true
      await this.#awaitWatching()
    }
    const unit = await this.#player.playNext()
    if (!unit) return undefined
    const settled = await this.#settle(unit)
    this.#record(unit, settled)
    this.#collect()
    return unit
  }

  /** Until every client saw the unit's last block (when it sent one), then no work for `quietMs`. */
  async #settle(unit: PlayedUnit): Promise<string> {
    const started = performance.now()
    this.activity.stepPlayed()
    const last = unit.blocks.at(-1)
    if (last) {
      // No client yet (an engine still booting): the block waits for one to look.
      while (!this.activity.hasSeen(last.chainId, last.number) && this.#clientAlive()) {
        if (performance.now() - started >= this.options.stepTimeoutMs) {
          this.note(unit.at, `no client saw block ${last.number} within ${this.options.stepTimeoutMs} ms`)
          return 'timeout'
        }
        await sleep(5)
      }
    }
    return this.#quiet(started)
  }

  async #quiet(started: number): Promise<string> {
    while (this.activity.quietFor() < this.options.quietMs && this.#clientAlive()) {
      if (performance.now() - started >= this.options.stepTimeoutMs) return 'timeout'
      await sleep(5)
    }
    return `${Math.round(performance.now() - started)}ms`
  }

  #clientAlive(): boolean {
    return this.options.clientAlive?.() ?? true
  }

  #record(unit: PlayedUnit, settled: string): void {
    this.#played.push({ at: unit.at, kind: unit.kind, blocks: unit.blocks, settled })
  }

  /** New exchanges and world failures since the last look. */
  #collect(): void {
    this.#exchanges.push(...this.world.takeExchanges())
    this.#failures.push(...this.world.takeFailures())
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work)
    this.#queue = next.catch(() => {})
    return next
  }
}

export function journalLine(x: OrderbookExchange): JournalLine {
  return {
    seq: x.seq,
    chainId: x.chainId,
    afterBlock: x.afterBlock ?? null,
    method: x.method,
    path: x.path,
    query: x.query,
    request: parseMaybeJson(x.requestBody),
    status: x.status,
    errorType: x.errorType ?? null,
    uid: x.uid ?? null,
    answer: parseMaybeJson(x.answerBody),
  }
}

function parseMaybeJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function worldChainIds(scenario: Scenario, config: Awaited<ReturnType<typeof scenarioEngineConfig>>): number[] {
  const ids = new Set<number>(scenario.chain.keys())
  if (!(config instanceof Error)) for (const c of config.chains) ids.add(c.chainId)
  if (ids.size === 0) ids.add(11155111)
  return [...ids].sort((a, b) => a - b)
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
