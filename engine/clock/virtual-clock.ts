// The harness's clock: time moves only when the runner moves it. Sleeps become timers in a
// queue ordered by (time, insertion sequence), so two timers due at the same instant always fire
// in the order they were armed — never in an order promise settlement happens to produce.
//
// Contract with the runner (the discrete-event loop):
// - Firing a timer resolves its promise; the sleeper's continuation runs in a later microtask,
//   and reads `now()` then. `fireNext()` fires exactly one timer, so the runner can flush
//   microtasks (let the continuation run, possibly arming new timers) before the next one, and
//   each continuation sees its own timer's time.
// - `advanceTo` / `advanceBy` fire every timer due by the target in one synchronous sweep: the
//   continuations run afterwards and all see the target time, and timers they arm are not fired
//   by the same call even when due. Use them to jump time where that does not matter (no timer
//   pending, or the runner is about to drain with `fireNext`).
import { BaseError } from '../errors/base-error.js'
import type { Alarm, Clock, SleepOptions, Timer } from './clock.js'
import { TimerQueue, type QueuedTimer } from './timer-queue.js'

export class VirtualClockError extends BaseError {
  override readonly name = 'VirtualClockError'
}

export interface PendingTimer {
  /** Virtual ms at which it fires. */
  at: number
  label: string
}

interface SleepTimer extends QueuedTimer {
  resolve(): void
  release(): void
}

const UNLABELLED = 'sleep'

/** An alarm in the queue: its own cancel handle, methods on the prototype (one per host call). */
class QueuedAlarm implements SleepTimer, Alarm {
  index = -1
  constructor(
    readonly queue: TimerQueue<SleepTimer>,
    readonly at: number,
    readonly seq: number,
    readonly label: string,
    readonly resolve: () => void,
  ) {}
  release(): void {}
  cancel(): void {
    this.queue.remove(this)
  }
}
const noop = () => {}

export class VirtualClock implements Clock {
  #now: number
  #seq = 0
  readonly #timers = new TimerQueue<SleepTimer>()

  constructor(startMs: number) {
    if (!Number.isFinite(startMs))
      throw new VirtualClockError(`virtual clock start must be a finite number of ms, got ${startMs}`)
    this.#now = startMs
  }

  now(): number {
    return this.#now
  }

  sleep(ms: number, options?: SleepOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    // NaN or negative durations fire at the current instant, as setTimeout treats them.
    const delay = ms > 0 ? ms : 0
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#timers.remove(timer)
        reject(signal?.reason)
      }
      const timer: SleepTimer = {
        at: this.#now + delay,
        seq: this.#seq++,
        label: options?.label ?? UNLABELLED,
        index: -1,
        resolve,
        release: () => signal?.removeEventListener('abort', onAbort),
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#timers.push(timer)
    })
  }

  /** `sleep` without an AbortSignal: the same queue, the same (time, seq) order. */
  timer(ms: number, label: string): Timer {
    const delay = ms > 0 ? ms : 0
    let timer!: SleepTimer
    const fired = new Promise<void>((resolve) => {
      timer = { at: this.#now + delay, seq: this.#seq++, label, index: -1, resolve, release: noop }
    })
    this.#timers.push(timer)
    return { fired, cancel: () => this.#timers.remove(timer) }
  }

  /** `timer` with a callback: no promise, and `onFire` runs when the timer fires (decision 0213). */
  alarm(ms: number, label: string, onFire: () => void): Alarm {
    const alarm = new QueuedAlarm(this.#timers, this.#now + (ms > 0 ? ms : 0), this.#seq++, label, onFire)
    this.#timers.push(alarm)
    return alarm
  }

  /** When the earliest pending timer fires, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    return this.#timers.peek()?.at
  }

  /** Pending timers in firing order (for `engine stuck` reports and assertions). */
  pendingTimers(): PendingTimer[] {
    return this.#timers.sorted().map((t) => ({ at: t.at, label: t.label }))
  }

  /**
   * Moves time to the earliest pending timer (never backwards) and fires it alone.
   * Returns false, touching nothing, when no timer is pending.
   */
  fireNext(): boolean {
    const timer = this.#timers.pop()
    if (timer === undefined) return false
    if (timer.at > this.#now) this.#now = timer.at
    timer.release()
    timer.resolve()
    return true
  }

  /** Fires every timer due by `ms` in (time, seq) order, then sets the time to `ms`. */
  advanceTo(ms: number): void {
    if (!Number.isFinite(ms)) throw new VirtualClockError(`cannot move the virtual clock to ${ms}`)
    if (ms < this.#now) throw new VirtualClockError(`cannot move the virtual clock back from ${this.#now} to ${ms}`)
    for (let next = this.nextTimerAt(); next !== undefined && next <= ms; next = this.nextTimerAt()) {
      this.fireNext()
    }
    this.#now = ms
  }

  advanceBy(ms: number): void {
    if (!(ms >= 0)) throw new VirtualClockError(`cannot advance the virtual clock by ${ms} ms`)
    this.advanceTo(this.#now + ms)
  }
}
