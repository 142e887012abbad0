// The worker threads scenario lanes run on (decision 0220): how many a run takes, and the threads
// themselves, kept between runs of a process. Light on purpose (no runner import): the CLI starts a
// run's lane threads before it imports the runner, so a lane imports its bundle on the second core
// while this thread imports its own (decision 0256).
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { entryFile } from '../../engine/project/entry-file.js'

/** A lane thread's entry (a tsx bootstrap when running from the sources). */
const LANE_ENTRY = entryFile('harness/run/scenario-lane', '.mjs')

/** `--threads auto` (the default) gives a side lane only to a run of at least this many files. */
export const MIN_FILES_FOR_SIDE_LANE = 16

/** What worker lanes take: the real-time files only, parsing ahead beside them (a side lane); or any file once those are done. */
export type LaneShare = 'real-time' | 'all'

/**
 * What `--threads auto` means for a run (decision 0220): one side lane when the machine has a
 * second core and the run is long, else none. The side lane takes the files whose modules run in
 * worker threads (they wait on real time with their thread idle) and, beside them, parses this
 * thread's next files ahead (decision 0239). A lane taking any file pays its own warm-up on each kind of file (~1 s of CPU for
 * the library: imports, compiled schemas, the JIT), more than it saves on two cores.
 */
export function autoLanes(fileCount: number, cores = availableParallelism()): { threads: number; share: LaneShare } {
  return { threads: cores >= 2 && fileCount >= MIN_FILES_FOR_SIDE_LANE ? 2 : 1, share: 'real-time' }
}

/**
 * The lanes a run's files spread over (this thread included): only a fixture-only run on the
 * fixture world spreads (Anvil nodes, forks and a caller's world stay on the caller's thread);
 * `auto`, a side lane for a long run; a number, that many lanes sharing every file.
 */
export function lanePlan(
  asked: number | 'auto',
  fileCount: number,
  fixtureWorldOnly: boolean,
  cores = availableParallelism(),
): { threads: number; share: LaneShare } {
  if (asked === 1 || fileCount < 2 || !fixtureWorldOnly) return { threads: 1, share: 'all' }
  return asked === 'auto' ? autoLanes(fileCount, cores) : { threads: asked, share: 'all' }
}

/** The worker threads a plan starts: a side lane is one; lanes sharing every file, no more than there are other files. */
export function laneThreadCount(plan: { threads: number; share: LaneShare }, fileCount: number): number {
  const workers = plan.share === 'all' ? fileCount - 1 : 1
  return Math.max(0, Math.min(plan.threads - 1, workers))
}

/** Lane threads kept between runs of this process (and those started ahead of a run); one run uses them at a time. */
const idle: { worker: Worker; died: boolean }[] = []

/** `worker` kept idle: until a run drives it, a thread that fails or exits is marked, never handed out. */
function keptIdle(worker: Worker): { worker: Worker; died: boolean } {
  const kept = { worker, died: false }
  const dead = () => {
    kept.died = true
  }
  worker.once('error', dead)
  worker.once('exit', dead)
  return kept
}

const newLaneThread = () => keptIdle(new Worker(LANE_ENTRY, { execArgv: [] }))

/**
 * Starts lane threads ahead of a run, up to `count` kept idle in all, so their import overlaps
 * this thread's (decision 0256). Unref'd: a run that ends up not using them does not wait for them.
 * Returns the threads it started.
 */
export function startLaneThreads(count: number): Worker[] {
  const started: Worker[] = []
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.died) idle.splice(i, 1)
  while (idle.length < count) {
    const kept = newLaneThread()
    kept.worker.unref()
    idle.push(kept)
    started.push(kept.worker)
  }
  return started
}

/** A lane thread for a run: a kept or early-started one that is still alive, else a new one. */
export function laneThread(): Worker {
  let kept = idle.pop()
  while (kept?.died) kept = idle.pop()
  const worker = (kept ?? newLaneThread()).worker
  worker.removeAllListeners('error')
  worker.removeAllListeners('exit')
  worker.ref()
  return worker
}

/** A lane thread back to the kept ones at the end of its run. */
export function releaseLaneThread(worker: Worker): void {
  worker.removeAllListeners('message')
  worker.removeAllListeners('error')
  worker.removeAllListeners('exit')
  worker.unref()
  idle.push(keptIdle(worker))
}

/** Stops the kept lane threads, returns how many (tests; a process that ends needs nothing: they are unref'd). */
export async function closeScenarioLanes(): Promise<number> {
  const kept = idle.splice(0)
  await Promise.all(kept.map((k) => k.worker.terminate()))
  return kept.length
}
