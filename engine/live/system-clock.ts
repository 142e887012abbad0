import type { Clock, SleepOptions, Timer } from '../clock/clock.js'

/** The longest delay a Node timer takes; past it the timer fires at once (after 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647

/** The real clock, for the live engine. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, options?: SleepOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = options?.signal
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.min(Math.max(0, ms), MAX_TIMER_MS),
      )
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
  timer(ms: number): Timer {
    let handle: ReturnType<typeof setTimeout> | undefined
    const fired = new Promise<void>((resolve) => {
      handle = setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS))
    })
    return { fired, cancel: () => clearTimeout(handle) }
  },
}
