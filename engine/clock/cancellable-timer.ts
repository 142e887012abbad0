// A wait on the engine's clock that is cancelled by a call: the clock's own `timer`, or a `sleep`
// cancelled through an AbortSignal on a clock without one. Boot steps and the shutdown drain use
// it: an AbortController per wait costs tens of µs, and a simulation boots the engine many times.
import type { Clock, Timer } from './clock.js'

const CANCELLED = Symbol('timer cancelled')

export function cancellableTimer(clock: Clock, ms: number, label: string): Timer {
  if (clock.timer) return clock.timer(ms, label)
  const cancel = new AbortController()
  const fired = clock.sleep(ms, { signal: cancel.signal, label }).then(
    () => {},
    () => new Promise<void>(() => {}), // cancelled: never fires
  )
  // A constant reason: abort() without one builds a DOMException (with a stack).
  return { fired, cancel: () => cancel.abort(CANCELLED) }
}
