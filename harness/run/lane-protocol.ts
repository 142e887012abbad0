// The messages between a run and its scenario lanes (worker threads running scenario files,
// decision 0220). Plain data only: they cross threads by structured clone.
import type { ModuleIndex } from '../scenario/module-index.js'
import type { ParsedScenarioBytes } from '../scenario/parsed-scenario-cache.js'
import type { FileOutcome } from './run-file.js'

/** What every file of one run is run with, on any lane. */
export interface LaneBatchOptions {
  modulesDir: string
  /** The run's scan of `modulesDir` (plain arrays and a Map): a lane does not scan it again. */
  moduleIndex: ModuleIndex
  seed?: number | undefined
  transport?: 'msw' | 'in-process' | undefined
  isolation?: 'worker' | 'in-process' | undefined
  policy?: string | undefined
  keepTraces: boolean
  /** The parse cache's generation in the run's thread: a lane empties its own when it differs. */
  parseGeneration: number
}

/** Run → lane. */
export type ToLane =
  | { kind: 'batch'; options: LaneBatchOptions }
  /** `workerFilesAhead`: files asking for worker isolation are still queued after this one (decision 0244). */
  | { kind: 'file'; index: number; file: string; workerFilesAhead: boolean }
  /** Parse these files ahead for the run's thread (a side lane, beside its own files). */
  | { kind: 'parse'; files: string[] }
  | { kind: 'end' }

/** Lane → run. */
export type FromLane =
  | { kind: 'ready' }
  | { kind: 'outcome'; index: number; outcome: FileOutcome }
  | { kind: 'failed'; index: number; error: string }
  | { kind: 'parsed'; entries: { key: string; entry: ParsedScenarioBytes }[] }
  | { kind: 'ended' }
