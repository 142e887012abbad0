import { BaseError } from '../errors/base-error.js'
import type { Clock } from './clock.js'

export class DeadlineExceeded extends BaseError {
  override readonly name = 'DeadlineExceeded'
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} exceeded its ${formatMs(ms)} deadline`)
  }
}

/**
 * Races `work` against `ms` of `clock` time. The timer is always released, so a finished
 * race leaves nothing pending on a virtual clock.
 */
export function withDeadline<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
  const alarm = clock.alarm
  if (alarm) return raceAlarm(clock, alarm, ms, what, work)
  return raceTimer(clock, ms, what, work)
}

/**
 * The race as one promise settled by whichever comes first: no timer promise, no `Promise.race`,
 * no async frame (three promises and two microtask hops fewer per host call, decision 0213).
 */
function raceAlarm<T>(
  clock: Clock,
  alarm: NonNullable<Clock['alarm']>,
  ms: number,
  what: string,
  work: Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const armed = alarm.call(clock, ms, what, () => reject(new DeadlineExceeded(what, ms)))
    work.then(
      (value) => {
        armed.cancel()
        resolve(value)
      },
      (error: unknown) => {
        armed.cancel()
        reject(error)
      },
    )
  })
}

async function raceTimer<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
  if (clock.timer) {
    const timer = clock.timer(ms, what)
    const expired = timer.fired.then(() => {
      throw new DeadlineExceeded(what, ms)
    })
    try {
      return await Promise.race([work, expired])
    } finally {
      timer.cancel()
    }
  }
  const cancel = new AbortController()
  const timer = clock.sleep(ms, { signal: cancel.signal, label: what }).then(
    () => {
      throw new DeadlineExceeded(what, ms)
    },
    () => undefined as never, // cancelled: the work won
  )
  try {
    return await Promise.race([work, timer])
  } finally {
    // A constant reason: abort() without one builds a DOMException (with a stack) every call.
    cancel.abort(RACE_OVER)
  }
}

const RACE_OVER = Symbol('deadline race over')

export function formatMs(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
