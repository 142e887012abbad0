// The reference model: what the engine must do with a generated case, computed from the documented
// rules alone (docs/design.md §3 and §5, docs/scenarios.md "How a run plays", decisions 0103 and
// 0104). It imports nothing from engine/: it is the judge, not the judged.
//
// It also makes the script valid: a step the runner would refuse (an event after the engine
// exited, a drop or error matching no open stream) is left out, so every kept step is meaningful.
import type { CaseModule, CaseStep, ChainId, FuzzCase, StreamSelector, Subscription } from './fuzz-case.js'

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
}

const EXIT_CODE: Record<Exclude<ExitReason, 'running'>, number> = {
  signal: 0,
  'block-stream-ended': 3,
  'log-stream-ended': 3,
  'nothing-to-run': 0,
}

/** How a fixture module answers any event. flaky's default `fail_first_n` is 1: a trap, final. */
function outcomeOf(kind: CaseModule['kind']): Outcome {
  if (kind === 'probe') return 'ok'
  if (kind === 'host-error') return 'error'
  return 'trap'
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

  const blockChains = [
    ...new Set(fc.modules.flatMap((m) => m.subscriptions.flatMap((s) => (s.kind === 'block' ? [s.chain] : [])))),
  ]
  const logSubs = fc.modules.flatMap((m) =>
    m.subscriptions.flatMap((s) => (s.kind === 'log' ? [{ module: m.name, sub: s }] : [])),
  )

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
  const deliver = (m: CaseModule, what: 'blocks' | 'logs') => {
    const count = dispatch[m.name] as DispatchCount
    count[what]++
    const outcome = outcomeOf(m.kind)
    outcomes.add(outcome)
    if (outcome === 'ok') count.ok++
    else if (outcome === 'error') count.errors++
    else {
      count.traps++
      alive.delete(m.name)
    }
  }
  const block = (chain: ChainId) => {
    if (!blockOpen.get(chain)) return
    for (const m of fc.modules) {
      if (alive.has(m.name) && m.subscriptions.some((s) => s.kind === 'block' && s.chain === chain))
        deliver(m, 'blocks')
    }
  }
  const log = (chain: ChainId, address: string, topics: readonly string[]) => {
    let matched = false
    for (const s of logStreams) {
      if (!s.open || s.sub.chain !== chain) continue
      if (s.sub.address !== undefined && s.sub.address !== address) continue
      if (s.sub.topic0 !== undefined && s.sub.topic0 !== topics[0]) continue
      const m = fc.modules.find((x) => x.name === s.module) as CaseModule
      matched = true
      // A dead module's stream is still drained: the item is taken and discarded.
      if (alive.has(m.name)) deliver(m, 'logs')
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
      case 'block':
        kept.push(step)
        block(step.chain)
        break
      case 'log':
        kept.push(step)
        log(step.chain, step.address, step.topics)
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
          exit('signal')
          break
        }
        for (const e of step.events) if (e.type === 'block') block(e.chain)
        for (const e of step.events) if (e.type === 'log') log(e.chain, e.address, e.topics)
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
  }
}
