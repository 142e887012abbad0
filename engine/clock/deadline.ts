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
export async function withDeadline<T>(clock: Clock, ms: number, what: string, work: Promise<T>): Promise<T> {
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
