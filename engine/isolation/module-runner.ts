// How the supervisor runs one module's code: in the engine's own thread (fast, trusts the
// module) or in a worker thread of its own (isolated: decision 0024).
import type { ModuleEvent } from '../module-api/events.js'
import type { ModuleConfig } from '../module-api/module.js'
import type { CallOutcome } from '../supervisor/call-outcome.js'

export type IsolationMode = 'worker' | 'in-process'
export const ISOLATION_MODES: readonly IsolationMode[] = ['worker', 'in-process']

export interface ModuleRunner {
  /** Runs init under the deadline; a deadline passed is a trap. */
  init(config: ModuleConfig, deadlineMs: number): Promise<CallOutcome>
  /** Runs onEvent under the deadline; a deadline passed is a trap. */
  onEvent(event: ModuleEvent, deadlineMs: number): Promise<CallOutcome>
  /** True while the module's code is running (not waiting on the engine): only an isolated module can be. */
  computing(): boolean
  /** Stops the module's code for good (a worker is terminated; in-process code cannot be). */
  stop(): Promise<void>
}
