// Scenario lanes (decision 0220): a fixture-only run's files spread over this thread and worker
// threads of the same process, each lane running one file at a time exactly as a one-thread run
// does (run-file.ts). A lane asks for the next file when it finishes one, so a slow file never
// holds files queued behind it; the outcomes are handed back in file order, whichever lane
// finished first, so reports, `--out` and exit codes are those of a one-thread run.
// Lane threads are kept for the next run of this process (unref'd while idle).
import { MAX_SCENARIO_BYTES } from '../scenario/load-scenario.js'
import { readInputFile } from '../scenario/read-input-file.js'
import type { Worker } from 'node:worker_threads'
import { adoptParsedScenario } from '../scenario/parsed-scenario-cache.js'
import type { FromLane, LaneBatchOptions, ToLane } from './lane-protocol.js'
import type { FileOutcome } from './run-file.js'
import { BaseError } from '../../engine/errors/base-error.js'
import { type LaneShare, laneThread, laneThreadCount, releaseLaneThread, startLaneThreads } from './lane-threads.js'

export { autoLanes, closeScenarioLanes, type LaneShare, MIN_FILES_FOR_SIDE_LANE } from './lane-threads.js'

/** The worker isolation a scenario file asks for at its top level (`isolation: worker`). */
const WORKER_ISOLATION = /^isolation:[ \t]*worker\b/m

/**
 * The files that wait on real time: those whose modules run in worker threads (a CPU loop's
 * grace, a heap filling up, a thread's start), read from each file's text (`isolation: worker`
 * at its top level, or the run's `--isolation worker`). A hint for where a file runs, never for
 * what it reports: outcomes are in file order whichever lane ran them.
 */
export async function realTimeFiles(
  files: readonly string[],
  isolation?: 'worker' | 'in-process',
): Promise<Set<number>> {
  const found = new Set<number>()
  for (const [i, file] of files.entries()) if (isolation === 'worker' || (await asksWorkerIsolation(file))) found.add(i)
  return found
}

async function asksWorkerIsolation(file: string): Promise<boolean> {
  try {
    return WORKER_ISOLATION.test(await readInputFile(file, 'scenario file', MAX_SCENARIO_BYTES))
  } catch {
    return false // the load reports it, in its place
  }
}

export class ScenarioLaneError extends BaseError {
  override readonly name = 'ScenarioLaneError'
}

export interface LaneRun {
  files: readonly string[]
  /** Lanes, this thread included. */
  threads: number
  share: LaneShare
  options: LaneBatchOptions
  /**
   * Runs one file on this thread (the run's own lane). `workerFilesAhead`: files asking for
   * worker isolation are still queued after it (decision 0244).
   */
  runHere: (file: string, workerFilesAhead: boolean) => Promise<FileOutcome>
  /** Told when a file is handed to a lane. */
  onStart?: ((file: string) => void) | undefined
  /** Told each file's outcome, in file order. */
  onOutcome: (index: number, outcome: FileOutcome) => Promise<void>
}

/** Files a side lane parses ahead per message. */
const PARSE_AHEAD_CHUNK = 4

/**
 * Parse messages a side lane holds at once: while this thread, busy with a scenario, has not yet
 * taken one chunk's answer and sent the next, the lane parses the other (decision 0239).
 */
const PARSE_AHEAD_IN_FLIGHT = 2

/** This thread's next files a side lane leaves alone: this thread takes them before a parse could arrive. */
const PARSE_AHEAD_LEAD = 1

/** Runs every file on `threads` lanes (this thread is one); resolves once every outcome was told. */
export async function runOnLanes(run: LaneRun): Promise<void> {
  // The threads start importing while the files are read (the CLI started them earlier still).
  startLaneThreads(laneThreadCount(run, run.files.length))
  const realTime = await realTimeFiles(run.files, run.options.isolation)
  const early = run.files.map((_, i) => i).filter((i) => realTime.has(i))
  const rest = run.files.map((_, i) => i).filter((i) => !realTime.has(i))
  const outcomes = new Map<number, FileOutcome>()
  let told = 0
  let telling: Promise<void> = Promise.resolve()
  // Outcomes are told in file order: each waits for every earlier file's.
  const arrived = (index: number, outcome: FileOutcome) => {
    outcomes.set(index, outcome)
    telling = telling.then(async () => {
      while (outcomes.has(told)) {
        const next = outcomes.get(told)!
        outcomes.delete(told)
        await run.onOutcome(told++, next)
      }
    })
  }
  const started = (index: number | undefined) => {
    if (index !== undefined) run.onStart?.(run.files[index]!)
    return index
  }
  // Worker lanes start with the real-time files, this thread with the rest; each then helps the
  // other: this thread with real-time files left over, a side lane by parsing this thread's next
  // files ahead of it (decision 0239), beside its own files (it would otherwise idle while they
  // wait on real time, and after them while this thread still has most of the run to play).
  const takeThere = () => started(early.shift() ?? (run.share === 'all' ? rest.shift() : undefined))
  const takeHere = () => started(rest.shift() ?? early.shift())
  // The highest file index handed out to parse: `rest` is in file order, so those after it are new.
  let parsedUpTo = -1
  const parseAhead = (): string[] => {
    if (run.share === 'all') return []
    const chunk: string[] = []
    for (let k = PARSE_AHEAD_LEAD; k < rest.length && chunk.length < PARSE_AHEAD_CHUNK; k++) {
      const index = rest[k]!
      if (index <= parsedUpTo) continue
      parsedUpTo = index
      chunk.push(run.files[index]!)
    }
    return chunk
  }
  // Whether a file asking for worker isolation is still queued: a thread's module pool keeps a
  // thread in reserve only while one is (decision 0244).
  const workerFilesAhead = () => early.length > 0
  // A side lane is worth its start on a long run even with no real-time file: it parses ahead.
  const lanes = Array.from({ length: laneThreadCount(run, run.files.length) }, () =>
    driveLane(laneThread(), run, takeThere, workerFilesAhead, parseAhead, arrived),
  )
  const here = (async () => {
    for (let index = takeHere(); index !== undefined; index = takeHere())
      arrived(index, await run.runHere(run.files[index]!, workerFilesAhead()))
  })()
  // Every lane is waited for, even when one fails, so no thread is left mid-batch.
  const settled = await Promise.allSettled([here, ...lanes])
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed) throw failed.reason
  await telling
}

/**
 * Feeds one lane thread files until the queue is empty, and, beside them, files to parse ahead
 * (a side lane's real-time files leave its thread idle while they wait); resolves when it ended
 * its batch.
 */
function driveLane(
  worker: Worker,
  run: LaneRun,
  take: () => number | undefined,
  workerFilesAhead: () => boolean,
  parseAhead: () => string[],
  arrived: (index: number, outcome: FileOutcome) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let current: number | undefined
    let failure: Error | undefined
    // Two flows: the files it runs, one at a time, and the files it parses ahead, a few chunks at a time.
    let filesDone = false
    let parsingDone = false
    let parsesOut = 0
    const send = (message: ToLane) => worker.postMessage(message)
    const endIfDone = () => {
      if (filesDone && parsingDone) send({ kind: 'end' })
    }
    const feedFile = () => {
      current = failure ? undefined : take()
      if (current !== undefined)
        return send({ kind: 'file', index: current, file: run.files[current]!, workerFilesAhead: workerFilesAhead() })
      filesDone = true
      endIfDone()
    }
    const feedParse = () => {
      if (parsingDone) return
      const ahead = failure ? [] : parseAhead()
      if (ahead.length) {
        parsesOut++
        return send({ kind: 'parse', files: ahead })
      }
      if (parsesOut > 0) return
      parsingDone = true
      endIfDone()
    }
    const died = (why: string) => {
      worker.removeAllListeners()
      void worker.terminate()
      const file = current === undefined ? '' : ` while running ${run.files[current]}`
      reject(new ScenarioLaneError(`a scenario lane thread ${why}${file}`))
    }
    worker.on('message', (message: FromLane) => {
      switch (message.kind) {
        case 'ready':
          feedFile()
          for (let i = 0; i < PARSE_AHEAD_IN_FLIGHT; i++) feedParse()
          return
        case 'outcome':
          arrived(message.index, message.outcome)
          return feedFile()
        case 'parsed':
          for (const { key, entry } of message.entries) adoptParsedScenario(key, entry) // this thread's parse cache
          parsesOut--
          return feedParse()
        case 'failed':
          // As a one-thread run does when its runner throws: the run fails with it (after this lane ends).
          failure = new ScenarioLaneError(`${run.files[message.index]}: ${message.error}`)
          return feedFile()
        case 'ended':
          releaseLaneThread(worker)
          return failure ? reject(failure) : resolve()
      }
    })
    worker.once('error', (error) => died(`failed: ${error.stack ?? error.message}`))
    worker.once('exit', (code) => died(`exited (${code})`))
    send({ kind: 'batch', options: run.options })
  })
}
