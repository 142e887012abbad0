// A module in a worker thread of its own (decision 0024): the engine keeps the module's host and
// answers its calls as messages; the deadline terminates the thread, so a CPU loop ends with it;
// `resourceLimits` bound its heap; anything that escapes a call (a floating rejection, a timer)
// is a fault that kills this module only.
import type { Clock } from '../clock/clock.js'
import { withDeadline } from '../clock/deadline.js'
import type { ModuleEntry } from '../config/types.js'
import { asHostError, errorMessage } from '../host/host-call-errors.js'
import { HostError, type HostErrorFields } from '../module-api/host-error.js'
import type { LogLevel, ModuleHost } from '../module-api/host.js'
import { ModuleLoadError } from '../module-loader.js'
import { type CallOutcome, classifyThrown } from '../supervisor/call-outcome.js'
import type { ModuleRunner } from './module-runner.js'
import {
  type AsyncHostMethod,
  answerSync,
  type CallResult,
  type FromWorker,
  type SyncAnswer,
  type SyncHostMethod,
  type ToWorker,
} from './worker-protocol.js'
import { freshModuleThreads, type ModuleThreads } from './module-threads.js'

export interface WorkerRunnerOptions {
  name: string
  entry: ModuleEntry
  /** The module's gated, traced host: every message from the worker is served by it. */
  host: ModuleHost
  clock: Clock
  /** The worker's heap limit (`resourceLimits.maxOldGenerationSizeMb`). */
  memoryMb: number
  /** The module died outside any call (the runner has already stopped it). */
  onFault(message: string): void
  /** Default: a fresh thread per module. */
  threads?: ModuleThreads | undefined
}

// Grows across every runner of the process: a thread reused by a later run never confuses an
// old `yield` with a new one.
let lastSeq = 0

export async function startWorkerRunner(options: WorkerRunnerOptions): Promise<ModuleRunner> {
  const { name, host, clock } = options
  const threads = options.threads ?? freshModuleThreads
  const worker = threads.acquire(options.memoryMb, options.entry.path)

  let sent = 0
  let yielded = 0
  let serving = 0
  let current: ((outcome: CallOutcome) => void) | undefined
  let dead: string | undefined
  let loaded: ((failure: string | undefined) => void) | undefined
  const loading = new Promise<string | undefined>((resolve) => (loaded = resolve))

  const send = (message: DistributiveOmit<ToWorker, 'seq'>) => {
    if (dead !== undefined) return
    sent = ++lastSeq
    worker.postMessage({ ...message, seq: sent })
  }

  const detach = () => {
    worker.off('message', onMessage)
    worker.off('error', onError)
    worker.off('exit', onExit)
  }

  const kill = (message: string): boolean => {
    if (dead !== undefined) return false
    dead = message
    detach()
    void threads.release(worker, options.memoryMb, false)
    loaded?.(message)
    return true
  }

  /** The module is dead: the call running gets the trap, or the engine is told. */
  const fault = (message: string) => {
    if (!kill(message)) return
    const settle = current
    current = undefined
    if (settle) settle({ kind: 'trap', message })
    else options.onFault(message)
  }

  const onMessage = (m: FromWorker) => {
    if (dead !== undefined) return
    switch (m.t) {
      case 'yield':
        yielded = Math.max(yielded, m.seq)
        break
      case 'loaded':
        loaded?.(undefined)
        break
      case 'load-failed':
        loaded?.(m.message)
        break
      case 'done': {
        const settle = current
        current = undefined
        settle?.(fromResult(m.result))
        break
      }
      case 'host':
        serving++
        serveAsync(host, m.method, m.args)
          .then(
            (value) => send({ t: 'reply', id: m.id, ok: true, value }),
            (error: unknown) =>
              send({ t: 'reply', id: m.id, ok: false, error: fieldsOf(asHostError(error, m.method.split('.')[0]!)) }),
          )
          .finally(() => serving--)
        break
      case 'sync':
        answerSync(m.buffer, serveSync(host, m.method, m.args))
        break
      case 'log':
        try {
          host.logging.log(m.level as LogLevel, m.message)
        } catch {
          // A revoked host refuses; the worker is being terminated.
        }
        break
      case 'fault':
        fault(m.message)
        break
    }
  }
  const onError = (error: Error & { code?: string }) =>
    fault(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `ran out of memory (limit ${options.memoryMb} MB)`
        : `uncaught exception: ${error.name}: ${error.message}`,
    )
  const onExit = (code: number) => fault(`its worker thread exited (code ${code})`)
  worker.on('message', onMessage)
  worker.on('error', onError)
  worker.on('exit', onExit)
  // The policy crosses as data (structured clone): the worker's host hands the module its copy.
  send({ t: 'load', entry: options.entry, moduleName: name, orderbookPolicy: host.orderbookPolicy })

  const failure = await loading
  if (failure !== undefined) {
    kill(failure)
    throw new ModuleLoadError(options.entry.path, failure)
  }

  const call = async (
    what: string,
    message: DistributiveOmit<ToWorker, 'seq'>,
    deadlineMs: number,
  ): Promise<CallOutcome> => {
    if (dead !== undefined) return { kind: 'trap', message: dead }
    const done = new Promise<CallOutcome>((resolve) => (current = resolve))
    send(message)
    try {
      return await withDeadline(clock, deadlineMs, what, done)
    } catch (error) {
      const outcome = classifyThrown(error)
      current = undefined
      kill(outcome.kind === 'trap' ? outcome.message : 'deadline')
      return outcome
    }
  }

  return {
    init: (config, deadlineMs) => call(`init ${name}`, { t: 'call', what: 'init', config: { ...config } }, deadlineMs),
    onEvent: (event, deadlineMs) => call(`dispatch ${name}`, { t: 'call', what: 'event', event }, deadlineMs),
    computing: () => dead === undefined && current !== undefined && yielded < sent,
    stop: async () => {
      if (dead !== undefined) return
      dead = 'stopped'
      detach()
      // Reused only when nothing of this run can still run in it: idle, no call or answer pending.
      await threads.release(worker, options.memoryMb, current === undefined && yielded >= sent && serving === 0)
    },
  }
}

function fromResult(result: CallResult): CallOutcome {
  if (result.kind === 'host-error') {
    return { kind: 'host-error', error: new HostError(result.error) }
  }
  return result
}

async function serveAsync(host: ModuleHost, method: AsyncHostMethod, args: unknown[]): Promise<unknown> {
  const a = args as unknown
  switch (method) {
    case 'chain.request':
      return host.chain.request(...(a as [number, string, string]))
    case 'chain.requestBatch': {
      const entries = await host.chain.requestBatch(...(a as [number, { method: string; params: string }[]]))
      return entries.map((e) => (e.ok ? e : { ok: false, error: fieldsOf(e.error) }))
    }
    case 'localStore.get':
      return host.localStore.get(...(a as [string]))
    case 'localStore.set':
      return host.localStore.set(...(a as [string, Uint8Array]))
    case 'localStore.delete':
      return host.localStore.delete(...(a as [string]))
    case 'localStore.listKeys':
      return host.localStore.listKeys(...(a as [string]))
    case 'cowApi.submitOrder':
      return host.cowApi.submitOrder(...(a as [number, string]))
    case 'cowApi.request':
      return host.cowApi.request(...(a as [number, string, string, string | undefined]))
  }
}

function serveSync(host: ModuleHost, method: SyncHostMethod, args: unknown[]): SyncAnswer {
  try {
    switch (method) {
      case 'clock.nowMs':
        return { ok: true, value: host.clock.nowMs() }
      case 'random.fill':
        return { ok: true, value: Buffer.from(host.random.fill(args[0] as number)).toString('hex') }
      case 'decisions.report':
        host.decisions.report(args[0] as Parameters<ModuleHost['decisions']['report']>[0])
        return { ok: true, value: null }
    }
  } catch (error) {
    return { ok: false, error: fieldsOf(asHostError(error, method.split('.')[0]!)) }
  }
}

/** A host error as it crosses to the thread: its fields, and the orderbook's Retry-After when it had one. */
function fieldsOf(error: HostError): HostErrorFields {
  const fields: HostErrorFields & { retryAfterSeconds?: number } = {
    domain: error.domain,
    kind: error.kind,
    code: error.code,
    message: errorMessage(error),
    data: error.data,
  }
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds
  if (typeof retryAfter === 'number') fields.retryAfterSeconds = retryAfter
  return fields
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
