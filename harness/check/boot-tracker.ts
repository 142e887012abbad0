// Where one boot of the engine ends and the next begins. A run boots once, then once per
// `restart` step; a restart of an engine that still runs first stops it (its exit line follows
// the restart's step line), so the new boot starts after that exit.
import type { TraceEntry } from './trace-entry.js'

export class BootTracker {
  #exited = false
  #restartPending = false

  get exited(): boolean {
    return this.#exited
  }

  /** Whether a new boot starts right after `entry` (a restart of an exited engine, or the exit a restart caused). */
  observe(entry: TraceEntry): boolean {
    if (entry.type === 'step' && entry.fields.step === 'restart') {
      if (this.#exited) {
        this.#exited = false
        return true
      }
      this.#restartPending = true
      return false
    }
    // `crash`: an exception escaped the engine (the runner's line); that boot is over too.
    if (entry.type === 'exit' || entry.type === 'crash') {
      if (this.#restartPending) {
        this.#restartPending = false
        return true
      }
      this.#exited = true
    }
    return false
  }
}
