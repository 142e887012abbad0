import type { Clock, SleepOptions } from '../clock/clock.js'

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
        Math.max(0, ms),
      )
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}
