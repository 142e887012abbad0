// How a run ends. The code is the process exit status of `nexum-sim engine`.

export type ExitReason =
  | 'signal'
  | 'block-stream-ended'
  | 'log-stream-ended'
  | 'nothing-to-run'
  | 'boot-failed'
  /** A signal came while a module call ran, and the call outlived the drain deadline. */
  | 'drain-timeout'

export interface EngineExit {
  reason: ExitReason
  code: 0 | 1 | 3
  /** For `signal`: which one. */
  signal?: string | undefined
  /** For `boot-failed`: the error, as printed. */
  error?: string | undefined
}

export const EXIT_CODES: Record<ExitReason, 0 | 1 | 3> = {
  signal: 0,
  'nothing-to-run': 0,
  'boot-failed': 1,
  'drain-timeout': 1,
  // A stream end must make a process supervisor restart the engine (the Rust engine exited 0 here).
  'block-stream-ended': 3,
  'log-stream-ended': 3,
}

export function exitWith(reason: ExitReason, extra: Omit<EngineExit, 'reason' | 'code'> = {}): EngineExit {
  return { reason, code: EXIT_CODES[reason], ...extra }
}
