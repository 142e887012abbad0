// The supervisor (the Rust engine's supervisor.rs): boots modules in `[[modules]]` order, then
// dispatches events to them one at a time. A trap kills a module for the rest of the run; a host
// error keeps it alive.
import { BaseError } from '../errors/base-error.js'
import { throwConfigErrors } from '../config/config-error.js'
import { validateModuleConfig } from '../config/validate-module-config.js'
import { diskFiles } from '../config/engine-files.js'
import type { EngineConfig, ResolvedModule } from '../config/types.js'
import { createModuleHost } from '../host/module-host.js'
import type { Block, Log } from '../module-api/events.js'
import type { ModuleEvent } from '../module-api/events.js'
import type { HostErrorFields } from '../module-api/host-error.js'
import type { OrderbookPolicy } from '../module-api/orderbook-policy.js'
import type { Logger } from '../observe/logger.js'
import type { LogFilter } from '../sources/source.js'
import type { EngineWorld } from '../world.js'
import { inProcessRunner } from '../isolation/in-process-runner.js'
import type { IsolationMode, ModuleRunner } from '../isolation/module-runner.js'
import { startWorkerRunner } from '../isolation/worker-runner.js'
import type { CallOutcome } from './call-outcome.js'
import type { LoadedModule } from './loaded-module.js'

export class InitTrapError extends BaseError {
  override readonly name = 'InitTrapError'
  constructor(
    readonly module: string,
    detail: string,
  ) {
    super(`module ${module}: init trapped: ${detail}`)
  }
}

/** Boot stopped by a shutdown signal (not a failure: the engine exits 0). */
export class BootInterrupted extends BaseError {
  override readonly name = 'BootInterrupted'
  constructor() {
    super('boot interrupted by a shutdown signal')
  }
}

export interface LogSubscription {
  module: string
  chainId: number
  filter: LogFilter
}

export class Supervisor {
  private constructor(
    readonly modules: readonly LoadedModule[],
    private readonly world: EngineWorld,
    private readonly config: EngineConfig,
    private readonly logger: Logger,
  ) {}

  /** Loads and inits every module in order; the first load failure or init trap aborts boot. */
  /**
   * `onInit` is told when a module's init starts and ends: init is the only part of boot that
   * runs module code (and may wait on the clock); the rest is the engine's own I/O.
   */
  static async boot(
    config: EngineConfig,
    resolved: readonly ResolvedModule[],
    policy: OrderbookPolicy,
    world: EngineWorld,
    logger: Logger,
    onInit: (running: boolean) => void = () => {},
    onRunner: (runner: ModuleRunner) => void = () => {},
  ): Promise<Supervisor> {
    const modules: LoadedModule[] = []
    const isolation: IsolationMode = config.isolation ?? 'in-process'
    try {
      for (const r of resolved) {
        // A signal during boot: the modules not yet loaded never start.
        if (world.shutdown.aborted) throw new BootInterrupted()
        modules.push(await Supervisor.bootOne(config, r, policy, isolation, world, logger, onInit, onRunner))
      }
    } catch (error) {
      await Promise.all(modules.map((m) => m.runner.stop()))
      throw error
    }
    logger.info('supervisor up', { count: modules.length })
    return new Supervisor(modules, world, config, logger)
  }

  private static async bootOne(
    config: EngineConfig,
    r: ResolvedModule,
    policy: OrderbookPolicy,
    isolation: IsolationMode,
    world: EngineWorld,
    logger: Logger,
    onInit: (running: boolean) => void,
    onRunner: (runner: ModuleRunner) => void,
  ): Promise<LoadedModule> {
    {
      logger.info('loading module manifest', { manifest: r.manifest.file })
      logger.info('loading module code', { module: r.name, path: r.entry.path })
      // Before init: a misspelled or malformed key must stop the engine, not be silently defaulted.
      const schema = await (world.files ?? diskFiles).configSchema(r.entry.path)
      if (schema) throwConfigErrors(validateModuleConfig(config, r, schema))
      const { host, revoke } = createModuleHost({
        moduleName: r.name,
        capabilities: r.manifest.capabilities,
        manifestFile: r.manifest.file,
        chains: config.chains,
        limits: config.limits,
        orderbookPolicy: policy,
        world,
      })
      let module: LoadedModule | undefined
      const started: ModuleRunner =
        isolation === 'worker'
          ? await startWorkerRunner({
              name: r.name,
              entry: r.entry,
              host,
              clock: world.clock,
              memoryMb: config.limits.moduleMemoryMb,
              threads: world.moduleThreads,
              onFault: (message) => {
                revoke()
                if (module) module.alive = false
                logger.error('module trapped outside a call - module marked dead, removed from dispatch', {
                  module: r.name,
                  error: message,
                })
                world.telemetry.emit({ type: 'module-fault', module: r.name, error: message })
              },
            })
          : inProcessRunner(r.name, await world.loadModule(r.entry), host, world.clock)
      // The live world times each call here (metrics), whichever way the module runs.
      const runner = world.observeRunner ? world.observeRunner(r.name, started) : started
      onRunner(runner)
      module = {
        name: r.name,
        entry: r.entry,
        manifest: r.manifest,
        subscriptions: r.subscriptions,
        config: r.config,
        runner,
        host,
        revokeHost: revoke,
        alive: true,
        blockChains: new Set(r.subscriptions.flatMap((s) => (s.kind === 'block' ? [s.chainId] : []))),
      }
      const initConfig = Object.fromEntries(r.config)
      onInit(true)
      const outcome = await runner.init(initConfig, config.limits.dispatchDeadlineMs)
      onInit(false)
      switch (outcome.kind) {
        case 'ok':
          logger.info('init succeeded', { module: r.name })
          world.telemetry.emit({ type: 'module-init', module: r.name, outcome: 'ok' })
          break
        case 'host-error': {
          // The Rust engine keeps a module whose init failed alive; its strategies then no-op.
          const e = outcome.error
          logger.warn('init failed', {
            module: r.name,
            domain: e.domain,
            kind: e.kind,
            code: e.code,
            message: e.message,
          })
          world.telemetry.emit({ type: 'module-init', module: r.name, outcome: 'host-error', error: fieldsOf(outcome) })
          break
        }
        case 'trap':
          revoke()
          await runner.stop()
          world.telemetry.emit({ type: 'module-init', module: r.name, outcome: 'trap', error: outcome.message })
          throw new InitTrapError(r.name, outcome.message)
      }
      for (const s of r.subscriptions) {
        if (s.kind === 'cron')
          logger.warn('cron subscriptions are declared but inert in 0.2 (lands in 0.3)', {
            module: r.name,
            schedule: s.schedule,
          })
      }
      return module
    }
  }

  /** Chains any loaded module has a block subscription on, ascending. */
  blockChains(): number[] {
    const chains = new Set<number>()
    for (const m of this.modules) for (const c of m.blockChains) chains.add(c)
    return [...chains].sort((a, b) => a - b)
  }

  /** One entry per log subscription, in module order then manifest order. */
  logSubscriptions(): LogSubscription[] {
    return this.modules.flatMap((m) =>
      m.subscriptions.flatMap((s) =>
        s.kind === 'log'
          ? [{ module: m.name, chainId: s.chainId, filter: { address: s.address, topic0: s.eventSignature } }]
          : [],
      ),
    )
  }

  /**
   * Fans a block out to every alive module subscribed on its chain, in boot order. A shutdown
   * signal stops the fan-out at the next module boundary: the rest are skipped, and said so.
   */
  async dispatchBlock(block: Block): Promise<number> {
    let ok = 0
    const event: ModuleEvent = { kind: 'block', block }
    const due = this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId))
    for (const [i, m] of due.entries()) {
      if (this.world.shutdown.aborted) {
        const skipped = due.slice(i).map((s) => s.name)
        this.logger.info('shutdown signal - block fan-out stopped, modules not dispatched', {
          chain_id: block.chainId,
          number: block.number,
          skipped: skipped.join(','),
        })
        this.world.telemetry.emit({
          type: 'dispatch-skipped',
          modules: skipped,
          chainId: block.chainId,
          number: block.number,
          reason: 'shutdown',
        })
        break
      }
      if (!m.alive) continue
      if ((await this.dispatch(m, event, block.chainId, block.number)) === 'ok') ok++
    }
    return ok
  }

  /** Delivers a log to the module that owns its subscription only. */
  async dispatchLog(moduleName: string, log: Log): Promise<boolean> {
    const m = this.modules.find((x) => x.name === moduleName)
    if (!m) {
      this.logger.warn('no such module - dropping log', { module: moduleName })
      return false
    }
    if (!m.alive) return false
    return (await this.dispatch(m, { kind: 'logs', logs: [log] }, log.chainId, log.blockNumber)) === 'ok'
  }

  private async dispatch(
    m: LoadedModule,
    event: ModuleEvent,
    chainId: number,
    number: number,
  ): Promise<CallOutcome['kind']> {
    const outcome = await m.runner.onEvent(event, this.config.limits.dispatchDeadlineMs)
    // Object literals, not `{ ...base, outcome }`: a spread gave each event a hidden class of its
    // own (allocated in the old generation, and a for-in cache per class for the trace writer).
    const kind = event.kind
    const module = m.name
    switch (outcome.kind) {
      case 'ok':
        this.world.telemetry.emit({ type: 'dispatch', module, event: kind, chainId, number, outcome: 'ok' })
        break
      case 'host-error': {
        const e = outcome.error
        this.logger.warn('on-event returned host-error', {
          module: m.name,
          chain_id: chainId,
          domain: e.domain,
          kind: e.kind,
          message: e.message,
        })
        this.world.telemetry.emit({
          type: 'dispatch',
          module,
          event: kind,
          chainId,
          number,
          outcome: 'host-error',
          error: fieldsOf(outcome),
        })
        break
      }
      case 'trap':
        m.alive = false
        m.revokeHost()
        void m.runner.stop()
        this.logger.error('on-event trapped - module marked dead, removed from dispatch', {
          module: m.name,
          chain_id: chainId,
          error: outcome.message,
        })
        this.world.telemetry.emit({
          type: 'dispatch',
          module,
          event: kind,
          chainId,
          number,
          outcome: 'trap',
          error: outcome.message,
        })
        break
    }
    return outcome.kind
  }

  revokeAll(): void {
    for (const m of this.modules) m.revokeHost()
  }
}

function fieldsOf(outcome: Extract<CallOutcome, { kind: 'host-error' }>): HostErrorFields {
  return (
    outcome.error.toFields?.() ?? {
      domain: outcome.error.domain,
      kind: outcome.error.kind,
      code: outcome.error.code,
      message: outcome.error.message,
      data: outcome.error.data,
    }
  )
}
