// The real engine booted against a world: its seams come from the world, its clock is the
// world's virtual clock, its randomness is seeded, and every chain request is attributed (the
// host names its module) so an unanswered one can be named by module. Restart and shutdown live
// here too.
import type { EngineConfig } from '../../engine/config/types.js'
import type { EngineExit } from '../../engine/exit.js'
import type { EngineEvent } from '../../engine/observe/telemetry.js'
import { seededRandom } from '../../engine/random/random-seeded.js'
import { type EngineRun, type EngineStatus, runEngine } from '../../engine/run-engine.js'
import type { KeyValueStore } from '../../engine/store/key-value-store.js'
import type { RpcTransport, RpcTransports } from '../../engine/transport/rpc-transport.js'
import type { BootFiles } from './boot-files.js'
import { pooledModuleThreads } from './pooled-module-threads.js'
import { InFlightList } from './in-flight-list.js'
import { waitUntilQuiet } from './quiescence.js'
import type { World } from './world.js'

export interface EngineUnderTestOptions {
  world: World
  config: EngineConfig | Error
  /** The random source's seed for the next boot (a restart gets a different one). */
  randomSeed(): bigint
  /** Every telemetry event, as it happens. */
  onEvent(event: EngineEvent): void
  /** The store for each boot (`store: sqlite`); default: the world's. */
  openStore?: (() => KeyValueStore) | undefined
  /** Manifests, schemas, policy and module code, read once for every boot of the run (or campaign). */
  bootFiles: BootFiles
}

const TAKEN = Symbol('taken')

export class EngineUnderTest {
  #run: EngineRun | undefined
  #shutdown = new AbortController()
  #exit: EngineExit | undefined
  /** An exception that escaped the engine (its run promise rejected): a bug, never an exit. */
  #crash: unknown
  #crashed = false
  #activity = 0
  /**
   * Requests in flight, oldest first, as an intrusive doubly-linked list: a Set's hash table was
   * reallocated on the add/delete of every request, and those tables, promoted before they died,
   * were most of the old-generation garbage that made a week's peak RSS exceed a day's (decision 0215).
   */
  readonly #unanswered = new InFlightList()
  #loading = 0

  constructor(private readonly options: EngineUnderTestOptions) {}

  get exit(): EngineExit | undefined {
    return this.#exit
  }

  get booted(): boolean {
    return this.#run !== undefined
  }

  /** Booted and not exited. */
  get running(): boolean {
    return this.#run !== undefined && this.#exit === undefined && !this.#crashed
  }

  status(): EngineStatus {
    return this.#crashed ? 'exited' : (this.#run?.status() ?? 'exited')
  }

  /** What escaped the engine, once: `{ error }` when it crashed since the last look. */
  takeCrash(): { error: unknown } | undefined {
    if (!this.#crashed || this.#crash === TAKEN) return undefined
    const error = this.#crash
    this.#crash = TAKEN
    return { error }
  }

  /** Telemetry events and chain requests so far: grows with every piece of engine work. */
  activity(): number {
    return this.#activity
  }

  /** Real I/O in flight: module imports, and the boot reading manifests. */
  inFlight(): number {
    return this.#loading + (this.#run?.status() === 'booting' ? 1 : 0)
  }

  /** An isolated module's code is running in its worker thread (decision 0024). */
  computing(): boolean {
    return this.#run?.computing() ?? false
  }

  /** Waits for the current run's exit promise (after quiescence saw it exit). */
  async exited(): Promise<void> {
    await this.#run?.exit.catch(() => {})
  }

  boot(): void {
    const { world, config } = this.options
    this.#shutdown = new AbortController()
    this.#exit = undefined
    this.#run = runEngine(config instanceof Error ? () => Promise.reject(config) : config, {
      ...world.seams,
      store: this.options.openStore?.() ?? world.seams.store,
      rpc: this.#attributedTransports(world.seams.rpc),
      clock: world.clock,
      random: seededRandom(this.options.randomSeed()),
      telemetry: {
        emit: (event) => {
          this.options.onEvent(event)
          this.#activity++
        },
      },
      shutdown: this.#shutdown.signal,
      moduleThreads: pooledModuleThreads,
      files: this.options.bootFiles.files,
      // Importing module code is real file I/O: counted as in flight so quiescence waits for it.
      loadModule: async (entry) => {
        this.#loading++
        try {
          return await this.options.bootFiles.loadModule(entry)
        } finally {
          this.#loading--
        }
      },
    })
    this.#crashed = false
    this.#run.exit.then(
      (exit) => {
        this.#exit = exit
      },
      (error: unknown) => {
        this.#crash = error
        this.#crashed = true
      },
    )
  }

  signal(signal: 'SIGTERM' | 'SIGINT'): void {
    this.#shutdown.abort(signal)
  }

  /** SIGTERM if still running, then waits until it has exited. */
  async stop(): Promise<void> {
    if (!this.running) return
    this.#shutdown.abort('SIGTERM')
    const clock = this.options.world.clock
    for (;;) {
      const r = await waitUntilQuiet({
        status: () => this.status(),
        activity: () => this.#activity,
        inFlight: () => this.options.world.inFlight?.() ?? 0,
        computing: () => this.computing(),
        neverEnding: () => [],
        clock,
      })
      if (r.kind === 'exited') break
      // A dispatch hangs past the signal: only its deadline can end it.
      if (!clock.fireNext()) break
    }
    if (this.#run) await Promise.race([this.#run.exit.catch(() => {}), Promise.resolve()])
  }

  /** Chain requests sent but not answered yet, per module and method. */
  unanswered(): { module: string; method: string }[] {
    return this.#unanswered.calls()
  }

  /** The world's transports, remembering which module each unanswered request came from. */
  #attributedTransports(transports: RpcTransports): RpcTransports {
    // One wrapper per node, made on its first request: the engine asks for its chain's transport
    // on every request, and a fresh wrapper and closure each time was garbage of every call.
    const wrappers = new WeakMap<RpcTransport, RpcTransport>()
    return {
      forChain: (chainId) => {
        const node = transports.forChain(chainId)
        if (!node) return undefined
        let wrapper = wrappers.get(node)
        if (wrapper === undefined) {
          wrapper = {
            request: (method, params, options) => {
              this.#activity++
              const call = this.#unanswered.add(options?.caller ?? '', method)
              return node.request(method, params, options).finally(() => this.#unanswered.remove(call))
            },
          }
          wrappers.set(node, wrapper)
        }
        return wrapper
      },
    }
  }
}
