// Everything observable the engine does, as structured events. The live engine prints the log
// events as human-readable lines; the harness turns all of them into the canonical trace.
// Events carry no time: the sink stamps them with its own clock.
import type { Decision, LogLevel } from '../module-api/host.js'
import type { HostErrorFields } from '../module-api/host-error.js'
import type { ExitReason } from '../exit.js'

export type LogTarget = 'engine' | 'module'

export interface LogEvent {
  type: 'log'
  level: LogLevel
  /** `engine` for the engine's own lines, `module` for lines a module logged through `logging`. */
  target: LogTarget
  module?: string | undefined
  message: string
  fields?: Record<string, string | number | boolean> | undefined
}

export type DispatchOutcome = 'ok' | 'host-error' | 'trap'

export type HostName = 'chain' | 'local-store' | 'cow-api' | 'logging' | 'clock' | 'random' | 'decisions'

export type EngineEvent =
  | LogEvent
  | { type: 'boot'; modules: string[] }
  | { type: 'module-init'; module: string; outcome: DispatchOutcome; error?: HostErrorFields | string | undefined }
  | {
      type: 'stream-open'
      stream: 'blocks' | 'logs'
      chainId: number
      module?: string | undefined
      ok: boolean
      error?: string | undefined
    }
  | { type: 'stream-error'; stream: 'blocks' | 'logs'; error: string }
  | { type: 'stream-end'; stream: 'blocks' | 'logs' }
  | {
      type: 'dispatch'
      module: string
      event: 'block' | 'logs'
      chainId: number
      /** Block number, or the log's block number. */
      number: number
      outcome: DispatchOutcome
      error?: HostErrorFields | string | undefined
    }
  | {
      type: 'host-call'
      module: string
      host: HostName
      method: string
      /** The call's arguments, as the module passed them (JSON-able). */
      args: unknown[]
      ok: boolean
      result?: unknown
      error?: HostErrorFields | undefined
    }
  | { type: 'decision'; module: string; decision: Decision }
  /** A shutdown signal stopped a block's fan-out: these modules were not given the block. */
  | { type: 'dispatch-skipped'; modules: string[]; chainId: number; number: number; reason: 'shutdown' }
  /** An isolated module died outside any call (a floating rejection, a timer, its memory limit). */
  | { type: 'module-fault'; module: string; error: string }
  | { type: 'exit'; reason: ExitReason; code: number }

export interface Telemetry {
  emit(event: EngineEvent): void
}

/** Fans one event out to several sinks. */
export function teeTelemetry(...sinks: Telemetry[]): Telemetry {
  return {
    emit: (e) => {
      for (const s of sinks) s.emit(e)
    },
  }
}
