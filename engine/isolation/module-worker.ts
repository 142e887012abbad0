// Inside a module's worker thread: imports the module, runs its init and onEvent when the engine
// asks, and gives it a ModuleHost whose every call is a message to the engine (decision 0024).
// Faults that escape a call (a floating rejection, an exception in a callback, a timer started)
// are reported as faults: the engine terminates this thread and the module is dead.
import { syncBuiltinESMExports } from 'node:module'
import timers from 'node:timers'
import { MessageChannel, parentPort } from 'node:worker_threads'
import type { ModuleEntry } from '../config/types.js'
import { HostError, type HostErrorFields } from '../module-api/host-error.js'
import type { Decision, LogLevel, ModuleHost } from '../module-api/host.js'
import type { EngineModule } from '../module-api/module.js'
import type { OrderbookPolicy } from '../module-api/orderbook-policy.js'
import { deepFreeze } from '../orderbook-policy/deep-freeze.js'
import { importModuleFolder } from '../module-loader.js'
import { classifyThrown } from '../supervisor/call-outcome.js'
import {
  type AsyncHostMethod,
  type CallResult,
  type FromWorker,
  SYNC_HEADER_BYTES,
  SYNC_PENDING,
  type SyncAnswer,
  type SyncHostMethod,
  type ToWorker,
} from './worker-protocol.js'

const port = parentPort
if (!port) throw new Error('module-worker.ts runs only as a worker thread')
const post = (message: FromWorker) => port.postMessage(message)

// Yield: after the engine's messages have run to completion (microtasks drained), say so. The
// harness uses it to know the module is waiting rather than computing.
let handled = 0
let yieldScheduled = false
const selfChannel = new MessageChannel()
// A call's result waits for the yield: a rejection it left unhandled is reported (as a fault,
// which traps the call) before the call is reported done, whatever the timing.
let finished: CallResult | undefined
selfChannel.port1.on('message', () => {
  yieldScheduled = false
  if (finished) post({ t: 'done', result: finished })
  finished = undefined
  post({ t: 'yield', seq: handled })
})
const scheduleYield = () => {
  if (yieldScheduled) return
  yieldScheduled = true
  selfChannel.port2.postMessage(0)
}

process.on('unhandledRejection', (reason) => post({ t: 'fault', message: `unhandled rejection: ${describe(reason)}` }))
process.on('uncaughtException', (error) => post({ t: 'fault', message: `uncaught exception: ${describe(error)}` }))
forbidTimers()

let waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>()
let nextId = 0
// A fresh host object per load: modules key their per-instance state by it (decision 0043).
let host: ModuleHost | undefined
let code: EngineModule | undefined

port.on('message', (message: ToWorker) => {
  handled = message.seq
  scheduleYield()
  if (message.t === 'load') {
    void load(message.entry, message.moduleName, message.orderbookPolicy)
    return
  }
  if (message.t === 'reply') {
    const call = waiting.get(message.id)
    waiting.delete(message.id)
    if (!call) return
    if (message.ok) call.resolve(message.value)
    else call.reject(hostError(message.error))
    return
  }
  void runCall(message)
})

scheduleYield()

/** A thread may serve several runs one after another (the harness reuses them): each load starts clean. */
async function load(entry: ModuleEntry, moduleName: string, orderbookPolicy: OrderbookPolicy): Promise<void> {
  waiting = new Map()
  code = undefined
  host = createWorkerHost(moduleName, deepFreeze(orderbookPolicy))
  try {
    code = await importModuleFolder(entry)
    post({ t: 'loaded' })
  } catch (error) {
    post({ t: 'load-failed', message: describe(error) })
  }
}

async function runCall(message: Extract<ToWorker, { t: 'call' }>): Promise<void> {
  let result: CallResult
  try {
    if (!code || !host) throw new Error('module code is not loaded')
    if (message.what === 'init') await code.init(message.config, host)
    else await code.onEvent(message.event, host)
    result = { kind: 'ok' }
  } catch (error) {
    const outcome = classifyThrown(error)
    result =
      outcome.kind === 'host-error'
        ? { kind: 'host-error', error: fieldsOf(outcome.error) }
        : outcome.kind === 'trap'
          ? outcome
          : { kind: 'ok' }
  }
  finished = result
  scheduleYield()
}

function createWorkerHost(moduleName: string, orderbookPolicy: OrderbookPolicy): ModuleHost {
  const call =
    <R>(method: AsyncHostMethod) =>
    (...args: unknown[]): Promise<R> =>
      new Promise<R>((resolve, reject) => {
        const id = ++nextId
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
        post({ t: 'host', id, method, args })
      })
  return {
    moduleName,
    orderbookPolicy,
    chain: {
      request: call('chain.request'),
      requestBatch: async (chainId, requests) => {
        const entries = await call<({ ok: true; value: string } | { ok: false; error: HostErrorFields })[]>(
          'chain.requestBatch',
        )(chainId, requests)
        return entries.map((e) => (e.ok ? e : { ok: false as const, error: hostError(e.error) }))
      },
    },
    localStore: {
      get: call('localStore.get'),
      set: call('localStore.set'),
      delete: call('localStore.delete'),
      listKeys: call('localStore.listKeys'),
    },
    cowApi: { submitOrder: call('cowApi.submitOrder'), request: call('cowApi.request') },
    logging: {
      log: (level: LogLevel, message: string) => post({ t: 'log', level, message: String(message) }),
    },
    clock: { nowMs: () => syncCall('clock.nowMs', []) as number },
    random: {
      fill: (length: number) =>
        Uint8Array.from(Buffer.from(syncCall('random.fill', [length], Number(length) * 2) as string, 'hex')),
    },
    decisions: { report: (decision: Decision) => void syncCall('decisions.report', [decision]) },
  }
}

const MIN_SYNC_BYTES = 64 * 1024
let syncBuffer = new SharedArrayBuffer(SYNC_HEADER_BYTES + MIN_SYNC_BYTES)

/** Posts the call and blocks this thread until the engine writes the answer into the buffer. */
function syncCall(method: SyncHostMethod, args: unknown[], answerBytes = 0): unknown {
  const need = SYNC_HEADER_BYTES + MIN_SYNC_BYTES + (Number.isFinite(answerBytes) ? Math.max(0, answerBytes) : 0)
  if (syncBuffer.byteLength < need) syncBuffer = new SharedArrayBuffer(need)
  const state = new Int32Array(syncBuffer, 0, 2)
  Atomics.store(state, 0, SYNC_PENDING)
  post({ t: 'sync', method, args, buffer: syncBuffer })
  // The engine always answers; if it is gone this thread is being terminated anyway.
  while (Atomics.wait(state, 0, SYNC_PENDING, 60_000) === 'timed-out') {}
  const bytes = new Uint8Array(syncBuffer, SYNC_HEADER_BYTES, state[1]).slice()
  const answer = JSON.parse(new TextDecoder().decode(bytes)) as SyncAnswer
  if (!answer.ok) throw hostError(answer.error)
  return answer.value
}

/**
 * Modules take time from the host clock only. A timer would run on real time, outside any
 * call and its deadline, and a throw in it would escape: starting one is a fault.
 */
function forbidTimers(): void {
  const names = ['setTimeout', 'setInterval', 'setImmediate'] as const
  for (const name of names) {
    const refuse = () => {
      const message = `${name} called: a module may not start timers (time comes from the host clock)`
      post({ t: 'fault', message })
      throw new Error(message)
    }
    ;(globalThis as Record<string, unknown>)[name] = refuse
    ;(timers as unknown as Record<string, unknown>)[name] = refuse
  }
  syncBuiltinESMExports()
}

/** A HostError rebuilt in this thread, keeping the orderbook's Retry-After the SDK reads structurally. */
function hostError(fields: HostErrorFields & { retryAfterSeconds?: number }): HostError {
  const error = new HostError(fields)
  if (fields.retryAfterSeconds !== undefined)
    Object.defineProperty(error, 'retryAfterSeconds', { value: fields.retryAfterSeconds, enumerable: true })
  return error
}

function fieldsOf(error: HostError): HostErrorFields {
  return (
    error.toFields?.() ?? {
      domain: error.domain,
      kind: error.kind,
      code: error.code,
      message: error.message,
      data: error.data,
    }
  )
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  return `${typeof value}: ${String(value)}`
}
