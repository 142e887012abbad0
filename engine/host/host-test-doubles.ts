// Small stand-ins for the world's seams, shared by the host tests (the hosts themselves are real).
import type { Clock, SleepOptions } from '../clock/clock.js'
import type { EngineEvent, Telemetry } from '../observe/telemetry.js'

export function recordingTelemetry(): Telemetry & { events: EngineEvent[] } {
  const events: EngineEvent[] = []
  return { events, emit: (e) => void events.push(e) }
}

export interface TestClock extends Clock {
  /** Every sleep asked for, in ms. */
  sleeps: number[]
}

function abortable(options: SleepOptions | undefined, settle?: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const signal = options?.signal
    if (signal?.aborted) return reject(signal.reason)
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
    settle?.(resolve)
  })
}

/** Time stands still: no deadline ever passes. */
export function idleClock(nowMs = 1_700_000_000_000): TestClock {
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => nowMs,
    sleep(ms, options) {
      sleeps.push(ms)
      return abortable(options)
    },
  }
}

/** Every deadline passes at once: whatever the work, the timer wins. */
export function expiringClock(nowMs = 1_700_000_000_000): TestClock {
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => nowMs,
    sleep(ms, options) {
      sleeps.push(ms)
      return abortable(options, (resolve) => resolve())
    },
  }
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
