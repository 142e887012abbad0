// Waiting until the engine is quiet after a step (docs/scenarios.md, "How a run plays"):
// every dispatch the step caused has finished, or the engine has exited. While the engine waits
// only on timers, virtual time jumps to the next one, as a discrete-event simulator does. If it
// waits on something no timer will ever end, the step is `engine stuck`.
import { setImmediate as nextTurn, setTimeout as realSleep } from 'node:timers/promises'
import type { EngineStatus } from '../../engine/run-engine.js'
import type { VirtualClock } from '../../engine/clock/virtual-clock.js'

export interface QuiescenceProbe {
  status(): EngineStatus
  /** Grows with every observable piece of work (telemetry, requests answered). */
  activity(): number
  /** Requests the world is still handling on real (non-virtual) async paths, e.g. inside MSW. */
  inFlight(): number
  /**
   * An isolated module's code is running in its worker thread (decision 0024). The harness gives
   * it real time, up to `computeGraceMs`; past that it counts as hung and virtual time moves on
   * (to its deadline), which is how a CPU loop is trapped in simulation.
   */
  computing?(): boolean
  /** The scenario's `compute_grace` (decision 0200); default DEFAULT_COMPUTE_GRACE_MS. */
  computeGraceMs?: number | undefined
  /** Waits that will never end by themselves (`delay: never`), for the stuck report. */
  neverEnding(): string[]
  clock: VirtualClock
}

export type Quiet = { kind: 'quiet' } | { kind: 'exited' } | { kind: 'stuck'; waitingOn: string }

/** Turns of the Node event loop without any progress before the engine counts as idle. */
const IDLE_TURNS = 3
/** Real milliseconds the harness will wait for in-process real I/O (module imports) to finish. */
const PLUMBING_BUDGET_MS = 30_000
/**
 * Real milliseconds an isolated module may compute without waiting on its host before it counts
 * as hung, unless the scenario says (`compute_grace`, decision 0200). Generous: a module's call on
 * a loaded 2-core machine must never be taken for a hung one.
 */
export const DEFAULT_COMPUTE_GRACE_MS = 5_000

export async function waitUntilQuiet(probe: QuiescenceProbe): Promise<Quiet> {
  const last = new Signature(probe)
  let idle = 0
  let plumbingWaited = 0
  let computingSince: number | undefined
  const grace = probe.computeGraceMs ?? DEFAULT_COMPUTE_GRACE_MS
  for (;;) {
    await nextTurn()
    if (probe.status() === 'exited') return { kind: 'exited' }
    if (last.moved(probe)) {
      idle = 0
      computingSince = undefined
      continue
    }
    if (++idle < IDLE_TURNS) continue

    if (probe.inFlight() > 0) {
      // A request is inside MSW's real async machinery: give it real time, bounded.
      if (plumbingWaited >= PLUMBING_BUDGET_MS)
        return {
          kind: 'stuck',
          waitingOn: `real I/O (a module import) that did not finish in ${PLUMBING_BUDGET_MS} ms of real time`,
        }
      await realSleep(1)
      plumbingWaited++
      idle = 0
      continue
    }
    if (probe.computing?.()) {
      computingSince ??= performance.now()
      if (performance.now() - computingSince < grace) {
        await realSleep(1)
        idle = 0
        continue
      }
    } else computingSince = undefined
    if (probe.status() === 'waiting') return { kind: 'quiet' }
    if (probe.clock.fireNext()) {
      idle = 0
      last.moved(probe)
      continue
    }
    return { kind: 'stuck', waitingOn: describeWait(probe) }
  }
}

/** Equal as their text would be (NaN is NaN). */
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))

/**
 * What progress looks like from outside: the activity count, the engine's status and the virtual
 * time. Kept as three fields, not a string per turn: a block's seven turns made seven strings,
 * and those that lived across two scavenges were promoted (decision 0216).
 */
class Signature {
  #activity: number
  #status: EngineStatus
  #now: number

  constructor(probe: QuiescenceProbe) {
    this.#activity = probe.activity()
    this.#status = probe.status()
    this.#now = probe.clock.now()
  }

  /** Whether anything changed since the last look; remembers what it sees. */
  moved(probe: QuiescenceProbe): boolean {
    const activity = probe.activity()
    const status = probe.status()
    const now = probe.clock.now()
    if (same(activity, this.#activity) && status === this.#status && same(now, this.#now)) return false
    this.#activity = activity
    this.#status = status
    this.#now = now
    return true
  }
}

function describeWait(probe: QuiescenceProbe): string {
  const never = probe.neverEnding()
  if (never.length) return never.join('; ')
  return `nothing the world knows of (engine ${probe.status()}, no timer pending)`
}
