// Time, injected. engine/ and modules/ never read the wall clock or start timers themselves:
// the live engine gets the system clock, the harness a virtual one that moves only when the
// script or its discrete-event scheduler moves it.

export interface SleepOptions {
  /** Aborting resolves nothing: the sleep rejects with the signal's reason and its timer is freed. */
  signal?: AbortSignal | undefined
  /** What the timer is for, e.g. `dispatch deadline price-alert`; shown when a simulation is stuck. */
  label?: string | undefined
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number, options?: SleepOptions): Promise<void>
}
