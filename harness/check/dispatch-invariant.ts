// The engine's dispatch rules, as the harness models them (not the engine's code):
// - no dispatch to a dead module (one that trapped in this boot), none after the exit, and no new
//   event dispatched once a shutdown signal was sent (shutdown beats queued events);
// - a trapped module's host is revoked: it cannot log, decide, or use its synchronous hosts again;
// - each block reaches the alive modules subscribed on its chain, in `[[modules]]` order, and
//   every block queued on an open stream is dispatched unless a signal ended the run;
// - a log reaches only a module one of whose filters matches it, and never while a block is queued
//   (blocks beat logs).
import {
  type CheckerModel,
  type EmittedLogModel,
  type ModuleModel,
  cassetteLogKey,
  filterMatches,
} from './checker-model.js'
import { type TraceEntry, num, str } from './trace-entry.js'
import { type TraceInvariant, type Violation, violation } from './violation.js'

const DEAD = 'no-dispatch-to-dead-module'
const EXITED = 'no-dispatch-after-exit'
const SIGNALLED = 'shutdown-beats-queued-events'
const REVOKED = 'trapped-module-host-revoked'
const FANOUT = 'block-reaches-subscribers-in-order'
const FILTER = 'log-reaches-matching-filters-only'
const PRIORITY = 'blocks-beat-logs'

/** Hosts whose calls complete at once: a revoked module's call to one cannot have been in flight. */
const SYNCHRONOUS_HOSTS = new Set(['logging', 'clock', 'random', 'decisions', 'local-store'])

interface QueuedBlock {
  entry: TraceEntry
  number: number
}

interface FanOut {
  chainId: number
  number: number
  expected: string[]
  next: number
  start: TraceEntry
}

interface PendingLog {
  chainId: number
  blockNumber: number | undefined
  entry: TraceEntry
}

export class DispatchInvariant implements TraceInvariant {
  readonly #byName: Map<string, ModuleModel>
  #dead = new Set<string>()
  #exited = false
  #signalled: TraceEntry | undefined
  /** Chains whose block stream is open in this boot. */
  #blockStreams = new Set<number>()
  /** `module\nchain` of open log streams. */
  #logStreams = new Set<string>()
  #blockQueues = new Map<number, QueuedBlock[]>()
  #fanOut: FanOut | undefined
  #pendingLogs = new Map<string, PendingLog[]>()

  constructor(
    private readonly model: CheckerModel,
    private readonly report: (v: Violation) => void,
  ) {
    this.#byName = new Map(model.modules.map((m) => [m.name, m]))
  }

  newBoot(): void {
    this.#dead = new Set()
    this.#exited = false
    this.#signalled = undefined
    this.#blockStreams = new Set()
    this.#logStreams = new Set()
    this.#blockQueues = new Map()
    this.#fanOut = undefined
    this.#pendingLogs = new Map()
  }

  observe(entry: TraceEntry): void {
    switch (entry.type) {
      case 'stream-open':
        if (entry.fields.ok !== true) return
        if (str(entry, 'stream') === 'blocks') this.#blockStreams.add(num(entry, 'chainId') ?? 0)
        else this.#logStreams.add(`${str(entry, 'module')}\n${num(entry, 'chainId')}`)
        return
      case 'block':
        this.#onBlockEmitted(entry)
        return
      case 'cassette-log': {
        const log = this.model.logs.get(
          cassetteLogKey(num(entry, 'chainId') ?? 0, num(entry, 'blockNumber') ?? 0, num(entry, 'logIndex') ?? 0),
        )
        if (log) this.#onLogEmitted(entry, log)
        return
      }
      case 'step':
        this.#onStep(entry)
        return
      case 'module-init':
        if (entry.fields.outcome === 'trap') this.#dead.add(str(entry, 'module') ?? '')
        return
      // A module that failed outside a call (its worker thread died): dead, host revoked.
      case 'module-fault':
        this.#dead.add(str(entry, 'module') ?? '')
        return
      case 'dispatch':
        this.#onDispatch(entry)
        return
      case 'host-call':
        if (entry.fields.ok === true && SYNCHRONOUS_HOSTS.has(str(entry, 'host') ?? ''))
          this.#checkRevoked(entry, `its ${str(entry, 'host')} call succeeded`)
        return
      case 'decision':
        this.#checkRevoked(entry, 'it reported a decision')
        return
      case 'log':
        if (str(entry, 'target') === 'module') this.#checkRevoked(entry, 'it logged')
        return
      case 'exit':
        this.#onExit(entry)
        return
      case 'crash':
        this.#fanOut = undefined
        this.#exited = true
        return
    }
  }

  /** A dead module, or any module once the engine exited, has a revoked host. */
  #checkRevoked(entry: TraceEntry, what: string): void {
    const module = str(entry, 'module') ?? ''
    if (this.#dead.has(module)) this.report(violation(REVOKED, entry, `${module} trapped earlier, yet ${what}`))
    else if (this.#exited) this.report(violation(REVOKED, entry, `the engine exited, yet ${module}: ${what}`))
  }

  #onStep(entry: TraceEntry): void {
    const at = str(entry, 'at') ?? ''
    switch (entry.fields.step) {
      case 'signal':
        this.#signalled ??= entry
        return
      case 'log': {
        const log = this.model.logs.get(at)
        if (log) this.#onLogEmitted(entry, log)
        return
      }
      case 'drop': {
        const drop = this.model.drops.get(at)
        if (!drop) return
        if (drop.stream === 'blocks') {
          if (drop.module !== undefined) return
          for (const chain of [...this.#blockStreams])
            if (drop.chain === undefined || drop.chain === chain) this.#blockStreams.delete(chain)
        } else {
          for (const key of [...this.#logStreams]) {
            const [module, chain] = key.split('\n')
            if (
              (drop.module === undefined || drop.module === module) &&
              (drop.chain === undefined || String(drop.chain) === chain)
            )
              this.#logStreams.delete(key)
          }
        }
        return
      }
    }
  }

  #onBlockEmitted(entry: TraceEntry): void {
    const chainId = num(entry, 'chainId') ?? 0
    if (this.#exited || !this.#blockStreams.has(chainId)) return
    const queue = this.#blockQueues.get(chainId) ?? []
    queue.push({ entry, number: num(entry, 'number') ?? 0 })
    this.#blockQueues.set(chainId, queue)
  }

  #onLogEmitted(entry: TraceEntry, log: EmittedLogModel): void {
    if (this.#exited) return
    for (const m of this.model.modules) {
      if (!this.#logStreams.has(`${m.name}\n${log.chainId}`)) continue
      // One stream per matching subscription: two matching filters deliver the log twice.
      for (const f of m.logFilters) {
        if (!filterMatches(f, log)) continue
        const pending = this.#pendingLogs.get(m.name) ?? []
        pending.push({ chainId: log.chainId, blockNumber: log.blockNumber, entry })
        this.#pendingLogs.set(m.name, pending)
      }
    }
  }

  /** Alive modules with a block subscription on the chain, in `[[modules]]` order. */
  #subscribers(chainId: number): string[] {
    return this.model.modules
      .filter((m) => m.blockChains.includes(chainId) && !this.#dead.has(m.name))
      .map((m) => m.name)
  }

  #onDispatch(entry: TraceEntry): void {
    const module = str(entry, 'module') ?? ''
    const chainId = num(entry, 'chainId') ?? 0
    const number = num(entry, 'number') ?? 0
    const kind = str(entry, 'event')
    if (this.#exited) this.report(violation(EXITED, entry, `${module} was dispatched after the engine exited`))
    if (this.#dead.has(module)) this.report(violation(DEAD, entry, `${module} was dispatched after it trapped`))

    if (kind === 'block') this.#onBlockDispatch(entry, module, chainId, number)
    else {
      this.#closeFanOut(entry)
      if (this.#signalled)
        this.report(
          violation(
            SIGNALLED,
            entry,
            `a log was dispatched to ${module} after the shutdown signal (line ${this.#signalled.line})`,
          ),
        )
      this.#checkNoQueuedBlock(entry, module)
      this.#onLogDispatch(entry, module, chainId, number)
    }
    if (entry.fields.outcome === 'trap') this.#dead.add(module)
  }

  #onBlockDispatch(entry: TraceEntry, module: string, chainId: number, number: number): void {
    const current = this.#fanOut
    if (
      current &&
      (current.chainId !== chainId || current.number !== number || current.expected[current.next] !== module)
    )
      this.#closeFanOut(entry)
    if (!this.#fanOut) {
      if (this.#signalled)
        this.report(
          violation(
            SIGNALLED,
            entry,
            `block ${number} on chain ${chainId} was dispatched after the shutdown signal (line ${this.#signalled.line})`,
          ),
        )
      const expected = this.#subscribers(chainId)
      // `module` is dead or unsubscribed: reported by the dead rule or right here.
      if (!expected.includes(module)) {
        if (!this.#dead.has(module))
          this.report(
            violation(
              FANOUT,
              entry,
              `block ${number} on chain ${chainId} reached ${module}, which has no block subscription on that chain`,
            ),
          )
        return
      }
      this.#takeQueued(entry, chainId, number)
      this.#fanOut = { chainId, number, expected, next: 0, start: entry }
    }
    const fan = this.#fanOut
    if (!fan) return
    if (fan.expected[fan.next] !== module) {
      const wanted = fan.expected.slice(fan.next)
      this.report(
        violation(
          FANOUT,
          entry,
          `block ${number} on chain ${chainId} reached ${module} before ${wanted.join(', ')} ([[modules]] order: ${fan.expected.join(', ')})`,
        ),
      )
      fan.next = fan.expected.indexOf(module)
    }
    fan.next++
    if (fan.next >= fan.expected.length) this.#fanOut = undefined
  }

  /** Something other than the next module of the current block came: the block missed the rest. */
  #closeFanOut(entry: TraceEntry | undefined): void {
    const fan = this.#fanOut
    if (!fan) return
    this.#fanOut = undefined
    const missed = fan.expected.slice(fan.next)
    this.report(
      violation(
        FANOUT,
        entry ?? fan.start,
        `block ${fan.number} on chain ${fan.chainId} (first dispatched at line ${fan.start.line}) never reached ${missed.join(', ')}`,
      ),
    )
  }

  /** The dispatched block must be the oldest one queued on its chain that anyone was to receive. */
  #takeQueued(entry: TraceEntry, chainId: number, number: number): void {
    const queue = this.#blockQueues.get(chainId) ?? []
    const index = queue.findIndex((b) => b.number === number)
    if (index === -1) {
      this.report(
        violation(
          FANOUT,
          entry,
          `block ${number} on chain ${chainId} was dispatched but never emitted on an open stream`,
        ),
      )
      return
    }
    const skipped = queue.slice(0, index).filter(() => this.#subscribers(chainId).length > 0)
    for (const b of skipped)
      this.report(
        violation(
          FANOUT,
          entry,
          `block ${b.number} on chain ${chainId} (line ${b.entry.line}) was skipped: block ${number} came after it`,
        ),
      )
    queue.splice(0, index + 1)
  }

  #checkNoQueuedBlock(entry: TraceEntry, module: string): void {
    for (const [chainId, queue] of this.#blockQueues) {
      const first = queue[0]
      if (first && this.#subscribers(chainId).length > 0)
        this.report(
          violation(
            PRIORITY,
            entry,
            `a log was dispatched to ${module} while block ${first.number} on chain ${chainId} (line ${first.entry.line}) was queued`,
          ),
        )
    }
  }

  #onLogDispatch(entry: TraceEntry, module: string, chainId: number, number: number): void {
    const model = this.#byName.get(module)
    if (!model?.logFilters.some((f) => f.chainId === chainId)) {
      this.report(
        violation(
          FILTER,
          entry,
          `a log on chain ${chainId} reached ${module}, which has no log subscription on that chain`,
        ),
      )
      return
    }
    const pending = this.#pendingLogs.get(module) ?? []
    const index = pending.findIndex((p) => p.chainId === chainId && (p.blockNumber ?? number) === number)
    if (index === -1) {
      this.report(
        violation(
          FILTER,
          entry,
          `a log of block ${number} on chain ${chainId} reached ${module}, but no log emitted on an open stream matched its filters`,
        ),
      )
      return
    }
    pending.splice(index, 1)
  }

  #onExit(entry: TraceEntry): void {
    this.#closeFanOut(entry)
    if (entry.fields.reason !== 'signal')
      for (const [chainId, queue] of this.#blockQueues) {
        const first = queue[0]
        if (first && this.#subscribers(chainId).length > 0)
          this.report(
            violation(
              FANOUT,
              entry,
              `the engine exited (${String(entry.fields.reason)}) with block ${first.number} on chain ${chainId} (line ${first.entry.line}) queued and never dispatched`,
            ),
          )
      }
    this.#exited = true
    this.#blockQueues = new Map()
    this.#blockStreams = new Set()
    this.#logStreams = new Set()
  }

  finish(): void {
    this.#closeFanOut(undefined)
  }
}
