// The engine, start to exit: load the config, boot the supervisor, open the streams, run the
// loop, and end with a typed exit reason (docs/design.md §4.4: 0 signal / nothing to run, 1 boot failed,
// 3 stream ended).
import {
  BOOT_INTERRUPTED,
  BootDeadlineExceeded,
  BootStepFailed,
  bootStep,
  type BootStepWhere,
} from './boot/boot-step.js'
import { checkChainId } from './boot/chain-id-check.js'
import type { ChainConfig, EngineConfig } from './config/types.js'
import { cancellableTimer } from './clock/cancellable-timer.js'
import type { Timer } from './clock/clock.js'
import { diskFiles } from './config/engine-files.js'
import { resolveModules } from './config/resolve-modules.js'
import { runEventLoop, type BlockStreamInput, type LogStreamInput } from './event-loop.js'
import { exitWith, type EngineExit } from './exit.js'
import { redactUrl } from './host/redact-url.js'
import type { Hex } from './module-api/events.js'
import { createLogger, type Logger } from './observe/logger.js'
import { DEFAULT_POLICY_FILE } from './orderbook-policy/policy-files.js'
import type { BlockHeader, RawLog } from './sources/source.js'
import type { ModuleRunner } from './isolation/module-runner.js'
import { Supervisor } from './supervisor/supervisor.js'
import type { EngineWorld } from './world.js'

/**
 * `booting`: the engine's own I/O (config, manifests, module code); `connecting`: a boot step
 * waits on an endpoint (dial, `eth_chainId`, a subscription) under the boot deadline;
 * `initialising`: a module's init is running; `waiting`: idle, waiting for an event;
 * `dispatching`: a module is handling an event; `exited`.
 */
export type EngineStatus = 'booting' | 'connecting' | 'initialising' | 'waiting' | 'dispatching' | 'exited'

export interface EngineRun {
  exit: Promise<EngineExit>
  status(): EngineStatus
  /** An isolated module's code is running (not waiting on its host): the engine is not idle. */
  computing(): boolean
}

export function runEngine(config: EngineConfig | (() => Promise<EngineConfig>), world: EngineWorld): EngineRun {
  let status: EngineStatus = 'booting'
  // Every module runner started, tracked from boot on: an isolated init computes too, and a boot
  // that fails half-way must still stop the threads it started.
  const runners: ModuleRunner[] = []
  const logger = createLogger(world.telemetry)
  const exit = run(
    config,
    world,
    logger,
    (s) => (status = s),
    (r) => runners.push(r),
  ).then((result) => {
    // Stopped at once (a thread's termination completes on its own): nothing of a module
    // outlives the run, and the exit is not held back by real time.
    for (const r of runners) r.stop().catch(() => {})
    status = 'exited'
    logger.info('done', { reason: result.reason, code: result.code })
    world.telemetry.emit({ type: 'exit', reason: result.reason, code: result.code })
    try {
      world.store.close()
    } catch (error) {
      logger.error('closing the local store failed', { error: describe(error) })
    }
    return result
  })
  return { exit, status: () => status, computing: () => runners.some((r) => r.computing()) }
}

async function run(
  source: EngineConfig | (() => Promise<EngineConfig>),
  world: EngineWorld,
  logger: Logger,
  setStatus: (s: EngineStatus) => void,
  onRunner: (runner: ModuleRunner) => void,
): Promise<EngineExit> {
  logger.info('nexum-engine starting')
  let supervisor: Supervisor
  let config: EngineConfig
  try {
    config = typeof source === 'function' ? await source() : source
    logger.info('engine config loaded', {
      path: config.file,
      chains: config.chains.map((c) => c.chainId).join(','),
      state_dir: config.stateDir ?? '(in memory)',
    })
    for (const chain of config.chains) {
      if (chain.rpcUrl)
        logger.info('opening chain RPC provider', { chain_id: chain.chainId, url: redactUrl(chain.rpcUrl) })
    }
    // Every chain is dialled and its chain id checked before any module loads (the Rust engine's
    // order), each step under the boot deadline.
    for (const chain of config.chains) {
      if ((await connectChain(chain, config, world, setStatus)) === BOOT_INTERRUPTED)
        return signalExit(world, undefined, logger)
    }
    const files = world.files ?? diskFiles
    const resolved = await resolveModules(config, files.manifest)
    // A bad policy file refuses boot, naming the row and key (docs/policies.md).
    const policy = await files.policy(config.orderbookPolicy ?? DEFAULT_POLICY_FILE)
    if (config.orderbookPolicy !== undefined)
      logger.info('orderbook policy loaded', { name: policy.name, path: policy.file })
    world.telemetry.emit({ type: 'boot', modules: resolved.map((r) => r.name) })
    const booting = Supervisor.boot(
      config,
      resolved,
      policy,
      world,
      logger,
      (running) => setStatus(running ? 'initialising' : 'booting'),
      onRunner,
    )
    // A signal during boot (a hung init, say) ends the run at once, exit 0; the boot stops at
    // its next module boundary and the threads already started are stopped with the run.
    const booted = await untilShutdown(world.shutdown, booting)
    if (booted === SHUTDOWN) {
      booting.catch(() => {})
      return signalExit(world, undefined, logger)
    }
    supervisor = booted
  } catch (error) {
    return bootFailed(logger, error)
  }

  const blockChains = supervisor.blockChains()
  const logSubs = supervisor.logSubscriptions()
  logger.info('supervisor ready', { modules: supervisor.modules.length, chains: blockChains.length })
  if (blockChains.length === 0 && logSubs.length === 0) {
    logger.info('no [[subscription]] entries - engine has nothing to run; exiting')
    supervisor.revokeAll()
    return exitWith('nothing-to-run')
  }
  if (world.shutdown.aborted) return signalExit(world, supervisor, logger)

  const configured = new Set(config.chains.map((c) => c.chainId))
  // Opened one after another in a fixed order (the Rust engine opened them concurrently): the same
  // configuration always logs and traces its stream openings in the same order.
  const blockStreams: BlockStreamInput[] = []
  const logStreams: LogStreamInput[] = []
  // A subscription the endpoint never answers fails the boot at the deadline; a refused one is a warning.
  const subscribed = async <T extends { close(): void }>(
    chainId: number,
    step: string,
    open: () => Promise<T>,
  ): Promise<T | typeof BOOT_INTERRUPTED> => {
    setStatus('connecting')
    return bootStep(
      {
        clock: world.clock,
        shutdown: world.shutdown,
        deadlineMs: config.limits.bootDeadlineMs,
        where: where(config, chainId, step),
        onLate: (stream) => stream.close(),
      },
      open(),
    ).finally(() => setStatus('booting'))
  }
  const abandonBoot = (end: () => EngineExit): EngineExit => {
    for (const s of [...blockStreams, ...logStreams]) s.stream.close()
    return end()
  }
  for (const chainId of blockChains) {
    try {
      if (!configured.has(chainId)) throw new Error(`unknown chain ${chainId} (no engine.toml entry)`)
      const stream = await subscribed(chainId, 'eth_subscribe(newHeads)', () => world.sources.openBlocks(chainId))
      if (stream === BOOT_INTERRUPTED) return abandonBoot(() => signalExit(world, supervisor, logger))
      blockStreams.push({ chainId, stream })
      logger.info('block subscription open', { chain_id: chainId })
      world.telemetry.emit({ type: 'stream-open', stream: 'blocks', chainId, ok: true })
    } catch (error) {
      if (error instanceof BootDeadlineExceeded) {
        supervisor.revokeAll()
        return abandonBoot(() => bootFailed(logger, error))
      }
      logger.warn('block subscription failed', { chain_id: chainId, error: describe(error) })
      world.telemetry.emit({ type: 'stream-open', stream: 'blocks', chainId, ok: false, error: describe(error) })
    }
  }
  for (const sub of logSubs) {
    try {
      if (!configured.has(sub.chainId)) throw new Error(`unknown chain ${sub.chainId} (no engine.toml entry)`)
      const stream = await subscribed(sub.chainId, `eth_subscribe(logs) for module ${sub.module}`, () =>
        world.sources.openLogs(sub.chainId, sub.filter, sub.module),
      )
      if (stream === BOOT_INTERRUPTED) return abandonBoot(() => signalExit(world, supervisor, logger))
      logStreams.push({ module: sub.module, chainId: sub.chainId, stream })
      logger.info('log subscription open', { module: sub.module, chain_id: sub.chainId })
      world.telemetry.emit({ type: 'stream-open', stream: 'logs', chainId: sub.chainId, module: sub.module, ok: true })
    } catch (error) {
      if (error instanceof BootDeadlineExceeded) {
        supervisor.revokeAll()
        return abandonBoot(() => bootFailed(logger, error))
      }
      logger.warn('log subscription failed', { module: sub.module, chain_id: sub.chainId, error: describe(error) })
      world.telemetry.emit({
        type: 'stream-open',
        stream: 'logs',
        chainId: sub.chainId,
        module: sub.module,
        ok: false,
        error: describe(error),
      })
    }
  }

  const loop = runEventLoop({
    blockStreams,
    logStreams,
    shutdown: world.shutdown,
    logger,
    telemetry: world.telemetry,
    onStatus: setStatus,
    dispatchBlock: (chainId, header) => supervisor.dispatchBlock(projectBlock(chainId, header)),
    dispatchLog: (module, chainId, log) => supervisor.dispatchLog(module, projectLog(chainId, log)),
  })
  const end = await drainBounded(loop, world, config.limits.drainDeadlineMs)
  supervisor.revokeAll()
  if (end === DRAIN_TIMEOUT) {
    const signal = String(world.shutdown.reason ?? 'SIGTERM')
    logger.error('shutdown: the running module call outlived the drain deadline - exiting without it', {
      signal,
      drain_deadline_ms: config.limits.drainDeadlineMs,
    })
    loop.catch(() => {})
    return exitWith('drain-timeout', { signal })
  }
  if (end.reason === 'signal') {
    logger.info('shutdown signal received', { signal: end.signal })
    return exitWith('signal', { signal: end.signal })
  }
  return exitWith(end.reason)
}

/** Dials the chain's endpoint and checks the chain id it reports, each under the boot deadline. */
async function connectChain(
  chain: ChainConfig,
  config: EngineConfig,
  world: EngineWorld,
  setStatus: (s: EngineStatus) => void,
): Promise<undefined | typeof BOOT_INTERRUPTED> {
  const transport = world.rpc.forChain(chain.chainId)
  if (!transport) return
  const step = <T>(name: string, work: () => Promise<T>, cancel?: AbortController) => {
    setStatus('connecting')
    return bootStep(
      {
        clock: world.clock,
        shutdown: world.shutdown,
        deadlineMs: config.limits.bootDeadlineMs,
        where: where(config, chain.chainId, name),
      },
      work(),
    ).finally(() => {
      cancel?.abort(BOOT_STEP_OVER)
      setStatus('booting')
    })
  }
  if (transport.connect) {
    const connect = transport.connect.bind(transport)
    if ((await step('connect (TCP and WebSocket handshake)', connect)) === BOOT_INTERRUPTED) return BOOT_INTERRUPTED
  }
  const cancel = new AbortController()
  const reported = await step(
    'eth_chainId',
    () =>
      transport.request('eth_chainId', [], { signal: cancel.signal }).catch((error: unknown) => {
        throw new BootStepFailed(where(config, chain.chainId, 'eth_chainId'), describe(error), error)
      }),
    cancel,
  )
  if (reported === BOOT_INTERRUPTED) return BOOT_INTERRUPTED
  checkChainId(chain.chainId, reported, chain.rpcUrl === undefined ? undefined : redactUrl(chain.rpcUrl))
}

const BOOT_STEP_OVER = Symbol('boot step over')

function where(config: EngineConfig, chainId: number, step: string): BootStepWhere {
  const url = config.chains.find((c) => c.chainId === chainId)?.rpcUrl
  return { chainId, url: url === undefined ? undefined : redactUrl(url), step }
}

/** `boot failed` with the error; a boot step that hung or failed also names its chain, endpoint and step. */
function bootFailed(logger: Logger, error: unknown): EngineExit {
  const fields =
    error instanceof BootDeadlineExceeded || error instanceof BootStepFailed
      ? {
          chain_id: error.where.chainId,
          url: error.where.url,
          step: error.where.step,
          boot_deadline_ms: error instanceof BootDeadlineExceeded ? error.deadlineMs : undefined,
        }
      : {}
  logger.error('boot failed', { error: describe(error), ...fields })
  return exitWith('boot-failed', { error: describe(error) })
}

function signalExit(world: EngineWorld, supervisor: Supervisor | undefined, logger: Logger): EngineExit {
  const signal = String(world.shutdown.reason ?? 'SIGTERM')
  logger.info('shutdown signal received', { signal })
  supervisor?.revokeAll()
  return exitWith('signal', { signal })
}

const SHUTDOWN = Symbol('shutdown')
const DRAIN_TIMEOUT = Symbol('drain timeout')

/** `work`'s value, or SHUTDOWN as soon as the signal aborts (whichever comes first). */
function untilShutdown<T>(shutdown: AbortSignal, work: Promise<T>): Promise<T | typeof SHUTDOWN> {
  if (shutdown.aborted) return Promise.resolve(SHUTDOWN)
  return new Promise<T | typeof SHUTDOWN>((resolve, reject) => {
    const onAbort = () => resolve(SHUTDOWN)
    shutdown.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        shutdown.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        shutdown.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/**
 * The loop's end, or DRAIN_TIMEOUT when a shutdown signal came and the loop (a module call still
 * running) has not ended within `drainMs` of the engine's clock.
 */
async function drainBounded<T>(
  loop: Promise<T>,
  world: EngineWorld,
  drainMs: number,
): Promise<T | typeof DRAIN_TIMEOUT> {
  let timer: Timer | undefined
  let onAbort: (() => void) | undefined
  const drained = new Promise<typeof DRAIN_TIMEOUT>((resolve) => {
    const start = () => {
      timer = cancellableTimer(world.clock, drainMs, 'shutdown drain deadline')
      timer.fired.then(() => resolve(DRAIN_TIMEOUT))
    }
    if (world.shutdown.aborted) start()
    else {
      onAbort = start
      world.shutdown.addEventListener('abort', start, { once: true })
    }
  })
  try {
    return await Promise.race([loop, drained])
  } finally {
    timer?.cancel()
    if (onAbort) world.shutdown.removeEventListener('abort', onAbort)
  }
}

/** Header seconds become milliseconds, saturating as the Rust engine does. */
export function projectBlock(chainId: number, header: BlockHeader) {
  return {
    chainId,
    number: header.number,
    hash: header.hash.toLowerCase() as Hex,
    timestamp: Math.min(header.timestamp * 1000, Number.MAX_SAFE_INTEGER),
  }
}

/** `removed`, block hash and transaction index are dropped: a reorg-removed log looks like any other. */
export function projectLog(chainId: number, log: RawLog) {
  return {
    chainId,
    address: log.address.toLowerCase() as Hex,
    topics: log.topics.map((t) => t.toLowerCase() as Hex),
    data: log.data,
    blockNumber: log.blockNumber ?? 0,
    transactionHash: log.transactionHash ?? '0x',
    logIndex: log.logIndex ?? 0,
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
