// Time, injected. engine/ and modules/ never read the wall clock or start timers themselves:
// the live engine gets the system clock, the harness a virtual one that moves only when the
// script or its discrete-event scheduler moves it.

export interface SleepOptions {
  /** Aborting resolves nothing: the sleep rejects with the signal's reason and its timer is freed. */
  signal?: AbortSignal | undefined
  /** What the timer is for, e.g. `dispatch deadline price-alert`; shown when a simulation is stuck. */
  label?: string | undefined
}

/** A timer cancelled by a call rather than an `AbortSignal` (an AbortController per call is costly). */
export interface Timer {
  /** Resolves when the timer fires; never settles once cancelled. */
  readonly fired: Promise<void>
  /** Frees the timer (no-op once fired). */
  cancel(): void
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number, options?: SleepOptions): Promise<void>
  /**
   * The same wait as `sleep`, cancelled by `cancel()`: what the deadline race of every dispatch and
   * host call uses. Optional: a clock without it gets a `sleep` with an AbortSignal.
   */
  timer?(ms: number, label: string): Timer
  /**
   * The same wait again, calling `onFire` when it ends instead of resolving a promise: the deadline
   * race of every dispatch and host call needs no promise of its own then (decision 0213).
   * Optional, as `timer` is.
   */
  alarm?(ms: number, label: string, onFire: () => void): Alarm
}

/** A wait that calls back when it ends; `cancel()` frees it (a no-op once it fired). */
export interface Alarm {
  cancel(): void
}
