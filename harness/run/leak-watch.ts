// Leak detection for in-process runs: a module (or the engine) that leaves a live timer, socket,
// server or child process behind after the engine exited would keep `nexum-sim run` from ending,
// or quietly act in the next scenario. Every such resource created while the run plays is
// recorded (async_hooks, attributed to this run by an AsyncLocalStorage context, so resources
// vitest or an earlier scenario created are never counted); those still alive once the run is
// over fail the scenario, named with where they were made, and leaked timers are cleared so the
// run always ends. Worker-isolated modules cannot start timers at all (decision 0024).
import { AsyncLocalStorage, createHook } from 'node:async_hooks'
import { fileURLToPath } from 'node:url'

/** Resource types that keep a process alive (Immediates and promises end by themselves). */
const WATCHED = new Set([
  'Timeout',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'PIPEWRAP',
  'PIPESERVERWRAP',
  'UDPWRAP',
  'PROCESSWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'SIGNALWRAP',
])

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Tracked {
  type: string
  resource: object
  /** Where it was made (captured at creation, formatted only for a leak). */
  origin: Error
}

const runs = new AsyncLocalStorage<Map<number, Tracked>>()
/** Which run made each resource still alive (a destroy hook runs outside the run's context). */
const owners = new Map<number, Map<number, Tracked>>()
let active = 0
const hook = createHook({
  init(asyncId, type, _trigger, resource) {
    if (!WATCHED.has(type)) return
    const tracked = runs.getStore()
    if (!tracked) return
    tracked.set(asyncId, { type, resource, origin: new Error('created here') })
    owners.set(asyncId, tracked)
  },
  destroy(asyncId) {
    owners.get(asyncId)?.delete(asyncId)
    owners.delete(asyncId)
  },
})

export interface LeakedResource {
  /** e.g. `setInterval every 1000 ms (callback tick)`, `TCPSERVERWRAP`. */
  what: string
  /** The first stack frame in this project outside the harness, or the first frame at all. */
  where: string
}

/**
 * Runs `play` in a context of its own and returns what it left alive: resources created during
 * it that are still active after it settled (and a turn of the event loop for clears to land).
 * Leaked timers are cleared.
 */
export async function watchLeaks<T>(play: () => Promise<T>): Promise<{ value: T; leaks: LeakedResource[] }> {
  const tracked = new Map<number, Tracked>()
  if (active++ === 0) hook.enable()
  try {
    const value = await runs.run(tracked, play)
    // Destroy hooks are emitted asynchronously: let them land before looking.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    const leaks: LeakedResource[] = []
    for (const t of tracked.values()) {
      if (!isAlive(t)) continue
      leaks.push({ what: describeResource(t), where: originOf(t.origin) })
      if (t.type === 'Timeout') clearTimeout(t.resource as NodeJS.Timeout)
    }
    return { value, leaks }
  } finally {
    for (const asyncId of tracked.keys()) owners.delete(asyncId)
    if (--active === 0) hook.disable()
  }
}

function isAlive(t: Tracked): boolean {
  if (t.type === 'Timeout') {
    const timer = t.resource as { _destroyed?: boolean; hasRef?: () => boolean }
    return timer._destroyed !== true
  }
  // A handle whose destroy hook has not run: still open (async_hooks destroys it on close).
  return true
}

function describeResource(t: Tracked): string {
  if (t.type !== 'Timeout') return t.type
  const timer = t.resource as { _repeat?: number | null; _idleTimeout?: number; _onTimeout?: { name?: string } }
  const kind =
    typeof timer._repeat === 'number'
      ? `setInterval every ${timer._repeat} ms`
      : `setTimeout of ${timer._idleTimeout} ms`
  const name = timer._onTimeout?.name
  return `${kind}${name ? ` (callback ${name})` : ''}`
}

/** The first frame in the project but outside this file and node's internals: who made it. */
function originOf(origin: Error): string {
  const frames = (origin.stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at /, ''))
    .filter((l) => !l.includes('node:') && !l.includes('leak-watch.ts:'))
  const own = frames.find((l) => l.includes(PROJECT_ROOT) && !l.includes('/node_modules/'))
  const frame = own ?? frames[0] ?? 'unknown'
  return frame.replaceAll(PROJECT_ROOT, '').replace(/^file:\/\//, '')
}
