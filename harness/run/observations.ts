// What a run has done so far, tallied from the engine's telemetry: the numbers `expect` reads.
import type { DecisionKind } from '../../engine/module-api/index.js'
import type { EngineEvent, LogEvent } from '../../engine/observe/telemetry.js'
import { LogMatchers } from './log-matchers.js'

export interface DispatchTally {
  blocks: number
  logs: number
  ok: number
  errors: number
  traps: number
}

export class Observations {
  readonly dispatch = new Map<string, DispatchTally>()
  readonly calls = new Map<string, Map<string, number>>()
  readonly decisions = new Map<string, DecisionKind[]>()
  /** `expect.logs` / `no_logs`, matched as the lines come (no line is kept, decision 0181). */
  readonly logMatchers: LogMatchers
  /** Every dispatch of the run, restarts included, in order (kept only when an `expect.order` reads it). */
  readonly dispatches: { module: string; event: 'block' | 'logs'; chainId: number; number: number }[] = []
  /** Every stream the engine opened over the run, in order (failed openings left out). */
  readonly streamsOpened: { stream: 'blocks' | 'logs'; chainId: number; module?: string | undefined }[] = []
  /** Modules of the current boot, in order, and those of them that trapped. */
  modules: string[] = []
  readonly dead = new Set<string>()

  constructor(options: { logMatchers?: LogMatchers | undefined; keepDispatches?: boolean | undefined } = {}) {
    this.logMatchers = options.logMatchers ?? new LogMatchers([])
    this.#keepDispatches = options.keepDispatches ?? true
  }

  readonly #keepDispatches: boolean

  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'boot':
        this.modules = [...event.modules]
        this.dead.clear()
        break
      case 'module-init':
        if (event.outcome === 'trap') this.dead.add(event.module)
        break
      case 'module-fault':
        this.dead.add(event.module)
        break
      case 'stream-open':
        if (event.ok) this.streamsOpened.push({ stream: event.stream, chainId: event.chainId, module: event.module })
        break
      case 'dispatch': {
        if (this.#keepDispatches)
          this.dispatches.push({
            module: event.module,
            event: event.event,
            chainId: event.chainId,
            number: event.number,
          })
        const t = this.tally(event.module)
        if (event.event === 'block') t.blocks++
        else t.logs++
        if (event.outcome === 'ok') t.ok++
        else if (event.outcome === 'host-error') t.errors++
        else {
          t.traps++
          this.dead.add(event.module)
        }
        break
      }
      case 'host-call':
        if (event.host === 'chain') {
          if (event.method === 'request') this.countCall(event.module, String(event.args[1]))
          else if (event.method === 'requestBatch') {
            const batch = event.args[1] as { method: string }[]
            for (const r of batch) this.countCall(event.module, r.method)
          }
        }
        break
      case 'decision': {
        const list = this.decisions.get(event.module) ?? []
        list.push(event.decision.decision)
        this.decisions.set(event.module, list)
        break
      }
      case 'log':
        this.logMatchers.observe(event)
        break
      default:
        break
    }
  }

  alive(): string[] {
    return this.modules.filter((m) => !this.dead.has(m))
  }

  private tally(module: string): DispatchTally {
    let t = this.dispatch.get(module)
    if (!t) {
      t = { blocks: 0, logs: 0, ok: 0, errors: 0, traps: 0 }
      this.dispatch.set(module, t)
    }
    return t
  }

  private countCall(module: string, method: string): void {
    let m = this.calls.get(module)
    if (!m) {
      m = new Map()
      this.calls.set(module, m)
    }
    m.set(method, (m.get(method) ?? 0) + 1)
  }
}

/** A log event as one line: `LEVEL [module] message k=v ...`, what `contains` searches. */
export function renderLogLine(e: LogEvent): string {
  const who = e.target === 'module' ? `module{module=${e.module}}` : 'nexum_engine'
  const fields = e.fields
    ? ' ' +
      Object.entries(e.fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : v}`)
        .join(' ')
    : ''
  return `${e.level.toUpperCase().padStart(5)} ${who}: ${e.message}${fields}`
}
