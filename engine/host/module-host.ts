// One module's ModuleHost: the per-host implementations, wrapped so that every call is checked
// against the manifest's capabilities (docs/decisions/0020-capabilities-enforced-per-call.md),
// refused once the module is revoked (docs/decisions/0023-revoked-host-calls.md), and traced as a
// `host-call` event. The wrappers are built once per module; a call costs one event object.
import type { ChainConfig, EngineLimits, ModuleManifest } from '../config/types.js'
import type { ModuleHost } from '../module-api/host.js'
import type { HostError } from '../module-api/host-error.js'
import type { OrderbookPolicy } from '../module-api/orderbook-policy.js'
import { createLogger } from '../observe/logger.js'
import type { EngineEvent, HostName } from '../observe/telemetry.js'
import type { EngineWorld } from '../world.js'
import { createChainHost } from './chain-host.js'
import { createClockHost } from './clock-host.js'
import { createCowApiHost } from './cow-api-host.js'
import { copyDecision, createDecisionsHost } from './decisions-host.js'
import { asHostError, capabilityDeniedError, moduleDeadError } from './host-call-errors.js'
import { createLocalStoreHost } from './local-store-host.js'
import { createLoggingHost } from './logging-host.js'
import { createRandomHost } from './random-host.js'
import { traceHex } from './trace-hex.js'

export interface ModuleHostContext {
  moduleName: string
  capabilities: ModuleManifest['capabilities']
  /** The manifest's path, named in capability refusals. */
  manifestFile: string
  chains: ChainConfig[]
  limits: EngineLimits
  /** Handed to the module as data (docs/policies.md). */
  orderbookPolicy: OrderbookPolicy
  world: Pick<EngineWorld, 'clock' | 'random' | 'rpc' | 'fetch' | 'store' | 'telemetry'>
}

export interface ModuleHostHandle {
  host: ModuleHost
  /** The module trapped or passed its deadline: from now on every call fails and writes nothing. */
  revoke(): void
}

/** The capabilities a manifest must declare; `logging` and `decisions` are always allowed. */
export type GatedCapability = 'chain' | 'local-store' | 'cow-api' | 'clock' | 'random'

type HostCallEvent = Extract<EngineEvent, { type: 'host-call' }>

/** How a call's arguments and result appear in the trace (JSON-able). */
interface CallView<A extends unknown[], R> {
  args?: (args: A) => unknown[]
  result?: (result: R) => unknown
}

export function createModuleHost(ctx: ModuleHostContext): ModuleHostHandle {
  const { moduleName, world } = ctx
  const telemetry = world.telemetry
  let revoked = false
  const isRevoked = () => revoked

  const declared = ctx.capabilities && new Set<string>([...ctx.capabilities.required, ...ctx.capabilities.optional])
  /** A refusal factory for an undeclared capability (a fresh error per call); undefined = allowed. */
  const denied = (capability: GatedCapability | undefined): (() => HostError) | undefined =>
    capability !== undefined && declared && !declared.has(capability)
      ? () => capabilityDeniedError(capability, ctx.manifestFile)
      : undefined

  const emit = (
    host: HostName,
    method: string,
    args: unknown[],
    outcome: { ok: true; result: unknown } | { ok: false; error: HostError },
  ) => {
    const event: HostCallEvent = { type: 'host-call', module: moduleName, host, method, args, ok: outcome.ok }
    if (outcome.ok) {
      if (outcome.result !== undefined) event.result = outcome.result
    } else {
      event.error = outcome.error.toFields()
    }
    telemetry.emit(event)
  }

  /**
   * An async host method, gated and traced. Written with `then`, not as an async function: the
   * same microtask turns (the answer is traced one turn after the work settles, as `await` did),
   * so the trace's order is unchanged, with no async frame and no extra promise per call (decision 0229).
   */
  const traced = <A extends unknown[], R>(
    host: HostName,
    method: string,
    capability: GatedCapability | undefined,
    fn: (...args: A) => Promise<R>,
    view: CallView<A, R> = {},
  ): ((...args: A) => Promise<R>) => {
    const refuse = denied(capability)
    const argsOf = (args: A) => (view.args ? view.args(args) : args)
    /** Traces the failure; what the module is rejected with. */
    const failure = (thrown: unknown, traceArgs: unknown[]): unknown => {
      const error = asHostError(thrown, host)
      emit(host, method, traceArgs, { ok: false, error })
      return revoked ? moduleDeadError() : error
    }
    return (...args: A): Promise<R> => {
      // Taken now: a module changing its buffer while the call runs must not change the trace.
      const traceArgs = argsOf(args)
      const refusal = revoked ? moduleDeadError() : refuse?.()
      if (refusal) {
        emit(host, method, traceArgs, { ok: false, error: refusal })
        return Promise.reject(refusal)
      }
      let work: Promise<R>
      try {
        work = Promise.resolve(fn(...args))
      } catch (thrown) {
        return Promise.reject(failure(thrown, traceArgs))
      }
      return work.then(
        (value) => {
          emit(host, method, traceArgs, { ok: true, result: view.result ? view.result(value) : value })
          // The world answered, but the module died while it waited: it gets nothing more.
          if (revoked) throw moduleDeadError()
          return value
        },
        (thrown: unknown) => {
          throw failure(thrown, traceArgs)
        },
      )
    }
  }

  /** The gate of a synchronous host method: throws instead of rejecting. */
  const gate = (capability: GatedCapability | undefined): (() => void) => {
    const refuse = denied(capability)
    return () => {
      if (revoked) throw moduleDeadError()
      if (refuse) throw refuse()
    }
  }

  const chain = createChainHost({ rpc: world.rpc, clock: world.clock, limits: ctx.limits, isRevoked, moduleName })
  const localStore = createLocalStoreHost(world.store, moduleName)
  const cowApi = createCowApiHost({ chains: ctx.chains, fetch: world.fetch, clock: world.clock, limits: ctx.limits })
  const logging = createLoggingHost(telemetry, moduleName)
  const clock = createClockHost(world.clock)
  const random = createRandomHost(world.random)
  const decisions = createDecisionsHost(telemetry, createLogger(telemetry), moduleName)

  const loggingGate = gate(undefined)
  const clockGate = gate('clock')
  const randomGate = gate('random')
  const decisionsGate = gate(undefined)

  const host: ModuleHost = {
    moduleName,
    orderbookPolicy: ctx.orderbookPolicy,
    chain: {
      request: traced('chain', 'request', 'chain', chain.request),
      requestBatch: traced('chain', 'requestBatch', 'chain', chain.requestBatch, {
        args: ([chainId, requests]) => [chainId, requests.map((r) => ({ method: r.method, params: r.params }))],
        result: (entries) => entries.map((e) => (e.ok ? e : { ok: false, error: e.error.toFields() })),
      }),
    },
    localStore: {
      get: traced('local-store', 'get', 'local-store', localStore.get, {
        result: (v) => (v === undefined ? null : traceHex(v)),
      }),
      set: traced('local-store', 'set', 'local-store', localStore.set, {
        args: ([key, value]) => [key, traceHex(value)],
      }),
      delete: traced('local-store', 'delete', 'local-store', localStore.delete),
      listKeys: traced('local-store', 'listKeys', 'local-store', localStore.listKeys),
    },
    cowApi: {
      submitOrder: traced('cow-api', 'submitOrder', 'cow-api', cowApi.submitOrder),
      request: traced('cow-api', 'request', 'cow-api', cowApi.request),
    },
    logging: {
      log(level, message) {
        loggingGate()
        logging.log(level, message)
      },
    },
    clock: {
      nowMs() {
        clockGate()
        return clock.nowMs()
      },
    },
    random: {
      fill(length) {
        randomGate()
        return random.fill(length)
      },
    },
    decisions: {
      report(decision) {
        let args: unknown[] = [decision]
        try {
          decisionsGate()
          args = [copyDecision(decision)]
          decisions.report(decision)
        } catch (thrown) {
          const error = asHostError(thrown, 'decisions')
          emit('decisions', 'report', args, { ok: false, error })
          throw error
        }
        emit('decisions', 'report', args, { ok: true, result: undefined })
      },
    },
  }

  return {
    host,
    revoke() {
      revoked = true
    },
  }
}
