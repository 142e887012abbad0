// The reference model: what the engine must do with a generated case, computed from the documented
// rules alone (docs/design.md §3 and §5, docs/scenarios.md "How a run plays", decisions 0103 and
// 0104). It imports nothing from engine/: it is the judge, not the judged.
//
// Real modules (docs/design.md §8; docs/fuzzing.md, "What the model knows of the modules"):
// price-alert and balance-tracker never fail a dispatch and make no orderbook decision on what the
// fuzzer sends them; stop-loss reads the feed and posts its one order while the price is at or
// below its trigger; twap-monitor indexes TWAPs from their creation logs and posts the tranches
// ComposableCoW hands out (twap-model.ts); ethflow-watcher looks placements up (ethflow-model.ts).
// Posting modules decide per the active policy through one submission protocol
// (order-submission.ts), their gates kept per UID across restarts.
//
// It also makes the script valid: a step the runner would refuse (an event after the engine
// exited, a drop or error matching no open stream) is left out, so every kept step is meaningful.
import type {
  CaseModule,
  CaseStep,
  ChainId,
  FuzzCase,
  LogPayload,
  RpcFault,
  RpcMethod,
  StreamSelector,
  Subscription,
} from './fuzz-case.js'
import { EthflowWatcherModel, LookupAnswersModel } from './ethflow-model.js'
import { SubmissionModel } from './order-submission.js'
import type { ModelDecision } from './orderbook-decision.js'
import { STOP_LOSS, WORLD_HEAD, subscriptionsOf } from './real-modules.js'
import { ComposableCowModel, TwapMonitorModel, pollRules } from './twap-model.js'
import { policyModel } from '../../orderbook/policy-model.js'

export type ExitReason = 'signal' | 'block-stream-ended' | 'log-stream-ended' | 'nothing-to-run' | 'running'
export type Outcome = 'ok' | 'error' | 'trap'

export interface DispatchCount {
  blocks: number
  logs: number
  ok: number
  errors: number
  traps: number
}

export interface Prediction {
  /** The steps the model kept, in order. */
  steps: CaseStep[]
  exit: { reason: ExitReason; code?: number | undefined }
  dispatch: Record<string, DispatchCount>
  /** Modules of the last boot that never trapped / did trap (undefined when nothing ran). */
  alive?: string[] | undefined
  dead?: string[] | undefined
  /** Streams opened over the run, per chain. */
  streams: Record<number, { blocks: number; logs: number }>
  /** Every exit of the run (one per boot that ended), for coverage. */
  exits: ExitReason[]
  outcomes: Set<Outcome>
  /** Routing situations met: 'log-matched', 'log-unmatched', 'dead-module-log-drained'. */
  routing: Set<string>
  /** Each posting module's decisions, in order (only modules that made one). */
  decisions: Record<string, ModelDecision[]>
  /** Each twap-monitor's and ethflow-watcher's store and what it did, by module name. */
  twapMonitors: Map<string, TwapMonitorModel>
  ethflowWatchers: Map<string, EthflowWatcherModel>
  /** Module-level decision classes met, as `<module kind>:<class>` (e.g. `twap-monitor:gated`). */
  classes: Set<string>
  /** POSTs of orders, and how many the orderbook answered 201. */
  orderbook: { posts: number; accepted: number }
  /** Faults and situations met, for coverage: 'rpc-error', 'reorg', 'ob-429', 'gate-backoff', … */
  faults: Set<string>
}

const EXIT_CODE: Record<Exclude<ExitReason, 'running'>, number> = {
  signal: 0,
  'block-stream-ended': 3,
  'log-stream-ended': 3,
  'nothing-to-run': 0,
}

/** How a module answers any event. flaky's default `fail_first_n` is 1: a trap, final. */
function outcomeOf(kind: CaseModule['kind']): Outcome {
  if (kind === 'host-error') return 'error'
  if (kind === 'panic' || kind === 'flaky') return 'trap'
  return 'ok'
}

interface LogStream {
  module: string
  sub: Extract<Subscription, { kind: 'log' }>
  open: boolean
}

export function predict(fc: FuzzCase): Prediction {
  const dispatch: Record<string, DispatchCount> = {}
  for (const m of fc.modules) dispatch[m.name] = { blocks: 0, logs: 0, ok: 0, errors: 0, traps: 0 }
  const streams: Record<number, { blocks: number; logs: number }> = {}
  const streamsOf = (chain: number) => {
    streams[chain] ??= { blocks: 0, logs: 0 }
    return streams[chain]
  }
  const exits: ExitReason[] = []
  const outcomes = new Set<Outcome>()
  const routing = new Set<string>()
  const kept: CaseStep[] = []

  const subs = new Map(fc.modules.map((m) => [m.name, subscriptionsOf(m)]))
  const subsOf = (m: CaseModule) => subs.get(m.name) as Subscription[]
  const blockChains = [
    ...new Set(fc.modules.flatMap((m) => subsOf(m).flatMap((s) => (s.kind === 'block' ? [s.chain] : [])))),
  ]
  const logSubs = fc.modules.flatMap((m) =>
    subsOf(m).flatMap((s) => (s.kind === 'log' ? [{ module: m.name, sub: s }] : [])),
  )

  // The world and the stores outlive a restart: block numbers, RPC rules, the orderbook's book.
  const faults = new Set<string>()
  const decisions: Record<string, ModelDecision[]> = {}
  const submissions = new SubmissionModel(fc.orderbook ?? [], policyModel(fc.policy), faults)
  const classes = new Set<string>()
  const noteFor = (kind: string) => (c: string) => {
    classes.add(`${kind}:${c}`)
  }
  const twaps = fc.twaps ?? []
  const rules = pollRules(twaps)
  const composableCows = new Map<ChainId, ComposableCowModel>()
  const composableCowOn = (chain: ChainId) => {
    let contract = composableCows.get(chain)
    if (!contract) {
      contract = new ComposableCowModel(rules)
      composableCows.set(chain, contract)
    }
    return contract
  }
  const twapMonitors = new Map(
    fc.modules
      .filter((m) => m.kind === 'twap-monitor')
      .map((m) => [m.name, new TwapMonitorModel(m.name, twaps, composableCowOn, submissions, noteFor('twap-monitor'))]),
  )
  const placements = fc.placements ?? []
  const lookups = new LookupAnswersModel(placements, fc.chains)
  const ethflowWatchers = new Map(
    fc.modules
      .filter((m) => m.kind === 'ethflow-watcher')
      .map((m) => [m.name, new EthflowWatcherModel(m.name, placements, lookups, noteFor('ethflow-watcher'))]),
  )
  const rpc = new Map<ChainId, Map<RpcMethod, RpcFault>>()
  const heads = new Map<ChainId, { next: number; emitted: boolean }>()
  const timestampOf = (n: number) => WORLD_HEAD.timestamp + 12 * (n - WORLD_HEAD.number)
  const headOf = (chain: ChainId) => {
    let h = heads.get(chain)
    if (!h) {
      h = { next: WORLD_HEAD.number, emitted: false }
      heads.set(chain, h)
    }
    return h
  }
  const rpcFault = (chain: ChainId, method: RpcMethod): RpcFault | undefined => rpc.get(chain)?.get(method)

  // State of the current boot.
  let running = false
  let alive = new Set<string>()
  let blockOpen = new Map<ChainId, boolean>()
  let logStreams: LogStream[] = []
  let reason: ExitReason = 'running'

  const exit = (r: Exclude<ExitReason, 'running'>) => {
    running = false
    reason = r
    exits.push(r)
  }
  const boot = () => {
    alive = new Set(fc.modules.map((m) => m.name))
    if (blockChains.length === 0 && logSubs.length === 0) {
      exit('nothing-to-run')
      return
    }
    running = true
    reason = 'running'
    blockOpen = new Map(blockChains.map((c) => [c, true]))
    logStreams = logSubs.map((l) => ({ ...l, open: true }))
    for (const c of blockChains) streamsOf(c).blocks++
    for (const l of logSubs) streamsOf(l.sub.chain).logs++
  }
  /** stop-loss on one block (docs/design.md §8.5; docs/orderbook.md, the decision table). */
  const stopLoss = (m: CaseModule, chain: ChainId, ts: number) => {
    const fault = rpcFault(chain, 'eth_call')
    if (fault !== undefined && fault.kind !== 'delay') {
      faults.add('stop-loss-no-price')
      return
    }
    // The feed's answer is as old as the world's head; past max_price_age_secs it is ignored.
    if (ts - WORLD_HEAD.timestamp > STOP_LOSS.maxPriceAgeSecs) return
    const trigger = m.config?.trigger_price ?? STOP_LOSS.defaults.trigger_price
    if (STOP_LOSS.feedAnswer > Number(trigger)) {
      faults.add('stop-loss-idle')
      return
    }
    // Same chain, same order fields: the same UID (the orderbook's book is shared by modules).
    const uid = `${chain}:${m.config?.sell_amount_wei ?? STOP_LOSS.defaults.sell_amount_wei}`
    const block = WORLD_HEAD.number + (ts - WORLD_HEAD.timestamp) / 12
    const done = submissions.submit(m.name, uid, ts, block)
    if (!done.posted) {
      faults.add(`gate-${done.gate}`)
      return
    }
    decisions[m.name] = [...(decisions[m.name] ?? []), done.decision]
  }
  /** Failing `eth_call`s on a chain: an error or no answer (a delay still answers). */
  const callsFail = (chain: ChainId) => {
    const fault = rpcFault(chain, 'eth_call')
    return fault !== undefined && fault.kind !== 'delay'
  }
  const deliver = (
    m: CaseModule,
    what: 'blocks' | 'logs',
    at: { chain: ChainId; ts?: number; number?: number; payload?: LogPayload | undefined },
  ) => {
    const count = dispatch[m.name] as DispatchCount
    count[what]++
    if (what === 'blocks' && at.ts !== undefined && at.number !== undefined) {
      if (m.kind === 'stop-loss') stopLoss(m, at.chain, at.ts)
      twapMonitors.get(m.name)?.onBlock(at.chain, at.number, at.ts, callsFail(at.chain))
    } else if (at.payload?.kind === 'twap') twapMonitors.get(m.name)?.onCreated(at.payload.index)
    else if (at.payload?.kind === 'ethflow') ethflowWatchers.get(m.name)?.onPlacement(at.payload.index, at.chain)
    const outcome = outcomeOf(m.kind)
    outcomes.add(outcome)
    if (outcome === 'ok') count.ok++
    else if (outcome === 'error') count.errors++
    else {
      count.traps++
      alive.delete(m.name)
    }
  }
  /** The world emits a block (new, or a reorg's replacement): numbers and times per the format. */
  const emitBlock = (chain: ChainId, number?: number) => {
    const h = headOf(chain)
    const n = number ?? (h.emitted ? h.next : WORLD_HEAD.number)
    if (number === undefined) h.next = n + 1
    h.emitted = true
    if (!running || !blockOpen.get(chain)) return
    const ts = timestampOf(n)
    for (const m of fc.modules) {
      if (alive.has(m.name) && subsOf(m).some((s) => s.kind === 'block' && s.chain === chain))
        deliver(m, 'blocks', { chain, ts, number: n })
    }
  }
  const block = (chain: ChainId) => emitBlock(chain)
  /** The last `depth` blocks again, oldest first: same numbers and times (docs/scenarios.md). */
  const reorg = (chain: ChainId, depth: number) => {
    const h = headOf(chain)
    const head = h.emitted ? h.next - 1 : WORLD_HEAD.number
    if (!h.emitted) h.next = head + 1
    for (let n = Math.max(0, head - depth + 1); n <= head; n++) emitBlock(chain, n)
  }
  const log = (chain: ChainId, address: string, topics: readonly string[], payload?: LogPayload) => {
    let matched = false
    for (const s of logStreams) {
      if (!s.open || s.sub.chain !== chain) continue
      if (s.sub.address !== undefined && s.sub.address !== address) continue
      if (s.sub.topic0 !== undefined && s.sub.topic0 !== topics[0]) continue
      const m = fc.modules.find((x) => x.name === s.module) as CaseModule
      matched = true
      // A dead module's stream is still drained: the item is taken and discarded.
      if (alive.has(m.name)) deliver(m, 'logs', { chain, payload })
      else routing.add('dead-module-log-drained')
    }
    routing.add(matched ? 'log-matched' : 'log-unmatched')
  }
  const matching = (t: StreamSelector): number => {
    if (t.stream === 'blocks')
      return t.module !== undefined
        ? 0
        : [...blockOpen].filter(([c, open]) => open && (t.chain === undefined || t.chain === c)).length
    return logStreams.filter(
      (s) =>
        s.open &&
        (t.chain === undefined || s.sub.chain === t.chain) &&
        (t.module === undefined || s.module === t.module),
    ).length
  }

  boot()
  for (const step of fc.steps) {
    if (step.type === 'restart') {
      kept.push(step)
      boot()
      continue
    }
    if (!running) continue
    switch (step.type) {
      case 'advance':
        kept.push(step)
        break
      case 'reorg':
        kept.push(step)
        faults.add('reorg')
        reorg(step.chain, step.depth)
        break
      case 'rpc': {
        kept.push(step)
        let rules = rpc.get(step.chain)
        if (!rules) {
          rules = new Map()
          rpc.set(step.chain, rules)
        }
        if (step.fault === null) rules.delete(step.method)
        else {
          rules.set(step.method, step.fault)
          faults.add(`rpc-${step.fault.kind}`)
        }
        break
      }
      case 'block':
        kept.push(step)
        block(step.chain)
        break
      case 'log':
        kept.push(step)
        log(step.chain, step.address, step.topics, step.payload)
        break
      case 'signal':
        kept.push(step)
        exit('signal')
        break
      case 'error':
        if (matching(step.target) > 0) kept.push(step)
        break
      case 'drop': {
        if (matching(step.target) === 0) break
        kept.push(step)
        const t = step.target
        if (t.stream === 'blocks') {
          for (const c of blockOpen.keys()) if (t.chain === undefined || t.chain === c) blockOpen.set(c, false)
          if (![...blockOpen.values()].some(Boolean)) exit('block-stream-ended')
        } else {
          for (const s of logStreams)
            if ((t.chain === undefined || s.sub.chain === t.chain) && (t.module === undefined || s.module === t.module))
              s.open = false
          if (!logStreams.some((s) => s.open)) exit('log-stream-ended')
        }
        break
      }
      case 'burst': {
        kept.push(step)
        // The engine gets no turn inside a burst: a signal anywhere beats every queued event, and
        // queued blocks beat queued logs (decision 0104).
        if (step.events.some((e) => e.type === 'signal')) {
          // The world still emitted its blocks: they take their numbers (and times) undispatched.
          exit('signal')
          for (const e of step.events) if (e.type === 'block') emitBlock(e.chain)
          break
        }
        for (const e of step.events) if (e.type === 'block') block(e.chain)
        for (const e of step.events) if (e.type === 'log') log(e.chain, e.address, e.topics, e.payload)
        break
      }
    }
  }
  // A script that leaves the engine running ends with SIGTERM, so every run has a final exit.
  if (running) {
    const stop: CaseStep = { type: 'signal', signal: 'SIGTERM' }
    kept.push(stop)
    exit('signal')
  }
  const ranAnything = blockChains.length > 0 || logSubs.length > 0
  return {
    steps: kept,
    exit: reason === 'running' ? { reason } : { reason, code: EXIT_CODE[reason] },
    dispatch,
    alive: ranAnything ? fc.modules.filter((m) => alive.has(m.name)).map((m) => m.name) : undefined,
    dead: ranAnything ? fc.modules.filter((m) => !alive.has(m.name)).map((m) => m.name) : undefined,
    streams,
    exits,
    outcomes,
    routing,
    decisions: {
      ...decisions,
      ...Object.fromEntries([...twapMonitors].filter(([, t]) => t.decisions.length).map(([n, t]) => [n, t.decisions])),
    },
    orderbook: { ...submissions.counts },
    twapMonitors,
    ethflowWatchers,
    classes,
    faults,
  }
}
