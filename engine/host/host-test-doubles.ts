// Small stand-ins for the world's seams, shared by the host tests (the hosts themselves are real).
// Their clock is the one virtual clock (engine/clock/virtual-clock.ts).
import { type PendingTimer, VirtualClock } from '../clock/virtual-clock.js'
import type { EngineEvent, Telemetry } from '../observe/telemetry.js'

export function recordingTelemetry(): Telemetry & { events: EngineEvent[] } {
  const events: EngineEvent[] = []
  return { events, emit: (e) => void events.push(e) }
}

/** A stand-still clock for the host tests (decision 0112): time moves only when a test moves it. */
export function testClock(nowMs = 1_700_000_000_000): VirtualClock {
  return new VirtualClock(nowMs)
}

/**
 * The timers pending on `clock` once the call under test has armed one (it arms it after a few
 * of its own awaits): how a test sees which deadline a host set before letting it pass.
 */
export async function armedTimers(clock: VirtualClock): Promise<PendingTimer[]> {
  for (let turn = 0; turn < 100 && clock.nextTimerAt() === undefined; turn++)
    await new Promise((resolve) => setImmediate(resolve))
  return clock.pendingTimers()
}

export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to reject, but it resolved')
}

/** The exception `fn` throws, failing the test if it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw, but it returned')
}
