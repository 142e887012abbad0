// The middle of several measured runs: every timed figure of the bench is a median (decision 0261).

/** The middle value (the upper middle of an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of no values')
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * The run whose wall time is the median (its CPU time goes with it, not a median of its own), and
 * the text the bench prints beside it: every run's time, fastest first, so the spread is on record.
 */
export function medianRun<R extends { ms: number }>(runs: readonly R[]): { run: R; range: string } {
  if (runs.length === 0) throw new RangeError('median of no runs')
  const byTime = [...runs].sort((a, b) => a.ms - b.ms)
  const run = byTime[Math.floor(byTime.length / 2)]!
  return { run, range: `median of ${runs.length} (${byTime.map((r) => Math.round(r.ms)).join(', ')} ms)` }
}
