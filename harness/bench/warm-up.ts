// Warming a measured workload until its time is steady. V8 tiers a hot function up over several
// runs (interpreter, baseline, optimised) and sizes its young generation as the allocation rate
// shows; a short workload measured after one warm-up run is measured mid-tiering (the engine
// alone: 58 ms after one run, 21–23 ms after seven).

export interface WarmUpOptions {
  /** Two consecutive runs within this fraction of the run before them count as steady. */
  tolerance: number
  /** At least this many warm-up runs. */
  min: number
  /** At most this many, steady or not (a noisy machine never settles). */
  max: number
}

export const STEADY: WarmUpOptions = { tolerance: 0.15, min: 3, max: 12 }

/** Runs `once` until its time is steady; returns the warm-up times (for the record). */
export async function warmUntilSteady(once: () => Promise<number>, options: WarmUpOptions = STEADY): Promise<number[]> {
  const times: number[] = []
  while (times.length < options.max) {
    times.push(await once())
    if (times.length >= options.min && isSteady(times, options.tolerance)) break
  }
  return times
}

/** Whether the last two times are each within `tolerance` of the time before them. */
export function isSteady(times: readonly number[], tolerance: number): boolean {
  if (times.length < 3) return false
  const [a, b, c] = times.slice(-3) as [number, number, number]
  return Math.abs(b - a) <= tolerance * a && Math.abs(c - b) <= tolerance * b
}
