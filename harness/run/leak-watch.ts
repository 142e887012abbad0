// Leak detection for in-process runs: a module (or the engine) that leaves a live timer, socket,
// server or child process behind after the engine exited would keep `nexum-sim run` from ending,
// or quietly act in the next scenario. While the run plays, `setTimeout` and `setInterval`
// (global and `node:timers`) record every timer made, with where it was made; those still
// pending once the run is over fail the scenario, named, and are cleared so the run always ends.
// Handles (sockets, servers, child processes, watchers) are compared by kind against a baseline
// taken right before the run, so the test runner's own and earlier scenarios' never count.
// Worker-isolated modules cannot start timers at all (decision 0024).
import { syncBuiltinESMExports } from 'node:module'
import timers from 'node:timers'
import { sep } from 'node:path'
import { PROJECT_ROOT } from '../../engine/project/package-root.js'

/** The package folder with its trailing separator: stripped from frames to leave a relative path. */
const PROJECT_DIR = `${PROJECT_ROOT}${sep}`

export interface LeakedResource {
  /** e.g. `setInterval every 1000 ms (callback tick)`, `1 × TCPServerWrap`. */
  what: string
  /** The first stack frame in this project outside the harness, or the first frame at all. */
  where: string
}

interface Made {
  timer: NodeJS.Timeout
  what: string
  /** Where it was made (captured at creation, formatted only for a leak). */
  origin: Error
}

type TimerFn = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => NodeJS.Timeout

/** What each watched run is told of a timer made while it plays. */
const recorders = new Set<(made: Made) => void>()
/** The functions replaced while timers are recorded; undefined when nothing is patched. */
let patched:
  | { globalTimeout: unknown; globalInterval: unknown; timersTimeout: unknown; timersInterval: unknown }
  | undefined
/** Callers of `keepTimersPatched` still running. */
let keepers = 0

function recording(original: TimerFn, kind: 'setTimeout' | 'setInterval'): TimerFn {
  return (callback, ms, ...args) => {
    const timer = original(callback, ms, ...args)
    if (recorders.size === 0) return timer
    const name = callback?.name
    const every = kind === 'setInterval' ? `setInterval every ${ms ?? 1} ms` : `setTimeout of ${ms ?? 1} ms`
    const made = { timer, what: `${every}${name ? ` (callback ${name})` : ''}`, origin: new Error('created here') }
    for (const record of recorders) record(made)
    return timer
  }
}

function patchTimers(): void {
  if (patched) return
  patched = {
    globalTimeout: globalThis.setTimeout,
    globalInterval: globalThis.setInterval,
    timersTimeout: timers.setTimeout,
    timersInterval: timers.setInterval,
  }
  const timeout = recording(patched.globalTimeout as TimerFn, 'setTimeout')
  const interval = recording(patched.globalInterval as TimerFn, 'setInterval')
  globalThis.setTimeout = timeout as unknown as typeof setTimeout
  globalThis.setInterval = interval as unknown as typeof setInterval
  ;(timers as unknown as Record<string, unknown>).setTimeout = timeout
  ;(timers as unknown as Record<string, unknown>).setInterval = interval
  // Costly (every built-in's ESM exports are synced): once per watch, or once per campaign.
  syncBuiltinESMExports()
}

function restoreTimers(): void {
  if (!patched) return
  globalThis.setTimeout = patched.globalTimeout as typeof setTimeout
  globalThis.setInterval = patched.globalInterval as typeof setInterval
  ;(timers as unknown as Record<string, unknown>).setTimeout = patched.timersTimeout
  ;(timers as unknown as Record<string, unknown>).setInterval = patched.timersInterval
  patched = undefined
  syncBuiltinESMExports()
}

/**
 * Keeps the timer functions patched while `work` runs many watched runs one after another (a fuzz
 * campaign): each `watchLeaks` inside then only starts and stops its recording. Outside any
 * watched run the patched functions just call the originals.
 */
export async function keepTimersPatched<T>(work: () => Promise<T>): Promise<T> {
  keepers++
  patchTimers()
  try {
    return await work()
  } finally {
    if (--keepers === 0 && recorders.size === 0) restoreTimers()
  }
}

/**
 * Runs `play` while recording the timers it makes, and returns what it left alive: its timers
 * still pending after it settled (and a turn of the event loop), and handles beyond the baseline.
 * Leaked timers are cleared.
 */
export async function watchLeaks<T>(play: () => Promise<T>): Promise<{ value: T; leaks: LeakedResource[] }> {
  const made: Made[] = []
  const record = (m: Made) => made.push(m)
  // The process's own stdio streams are made on first use, and Node itself may first use one
  // during the run (loading its fetch implementation reads stderr's colour support): on a pipe
  // that is a PipeWrap the run did not leak. Made now, they are part of the baseline.
  void process.stdout
  void process.stderr
  const baseline = handleCounts()
  patchTimers()
  recorders.add(record)
  let value: T
  try {
    value = await play()
  } finally {
    recorders.delete(record)
    if (keepers === 0 && recorders.size === 0) restoreTimers()
  }
  // Closing a handle completes on a later turn: let it land before looking.
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
  const leaks: LeakedResource[] = []
  for (const m of made) {
    if ((m.timer as unknown as { _destroyed?: boolean })._destroyed === true) continue
    leaks.push({ what: m.what, where: originOf(m.origin) })
    clearTimeout(m.timer)
  }
  const after = handleCounts()
  for (const [kind, n] of after) {
    const extra = n - (baseline.get(kind) ?? 0)
    if (extra > 0) leaks.push({ what: `${extra} × ${kind}`, where: 'a handle (no stack is recorded for handles)' })
  }
  return { value, leaks }
}

/** Open handles that keep a process alive, by kind (timers are counted apart, by identity). */
function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo())
    if (/(Wrap|Watcher)$/.test(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** The first frame in the project but outside this file and node's internals: who made it. */
function originOf(origin: Error): string {
  const frames = (origin.stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at /, ''))
    .filter((l) => !l.includes('node:') && !l.includes('leak-watch.ts:'))
  const own = frames.find((l) => l.includes(PROJECT_DIR) && !l.includes('/node_modules/'))
  const frame = own ?? frames[0] ?? 'unknown'
  return frame.replaceAll(PROJECT_DIR, '').replace(/^file:\/\//, '')
}
