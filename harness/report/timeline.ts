// A scenario's run as marks on lanes, read from its canonical trace (harness/run/trace.ts): one
// lane per module (each init and dispatch with its outcome, each decision), one for the
// orderbook (each exchange with its status), one for the engine (stream drops, signals,
// restarts, the exit). Pure: the HTML report draws it.

export type MarkKind = 'init' | 'dispatch' | 'decision' | 'orderbook' | 'drop' | 'signal' | 'restart' | 'exit'
export type MarkOutcome = 'ok' | 'host-error' | 'trap' | 'warn'

export interface Mark {
  /** Virtual milliseconds since the epoch. */
  t: number
  lane: string
  kind: MarkKind
  outcome: MarkOutcome
  /** One line, shown as the mark's tooltip. */
  label: string
}

export interface Timeline {
  /** Engine first, then modules in order of appearance, then the orderbook when used. */
  lanes: string[]
  marks: Mark[]
}

export const ENGINE_LANE = 'engine'
export const ORDERBOOK_LANE = 'orderbook'

type Entry = Record<string, unknown> & { t: number; type: string }

export function timelineFromTrace(lines: readonly string[]): Timeline {
  const marks: Mark[] = []
  const modules: string[] = []
  const seen = (module: string) => {
    if (!modules.includes(module)) modules.push(module)
    return module
  }
  for (const line of lines) {
    let e: Entry
    try {
      e = JSON.parse(line) as Entry
    } catch {
      continue
    }
    const t = typeof e.t === 'number' ? e.t : 0
    const module = typeof e.module === 'string' ? e.module : undefined
    switch (e.type) {
      case 'boot':
        for (const m of Array.isArray(e.modules) ? e.modules : []) if (typeof m === 'string') seen(m)
        break
      case 'module-init':
        if (module)
          marks.push({
            t,
            lane: seen(module),
            kind: 'init',
            outcome: outcomeOf(e.outcome),
            label: `init: ${e.outcome}${errorText(e.error)}`,
          })
        break
      case 'dispatch':
        if (module)
          marks.push({
            t,
            lane: seen(module),
            kind: 'dispatch',
            outcome: outcomeOf(e.outcome),
            label: `${e.event} ${e.number} on chain ${e.chainId}: ${e.outcome}${errorText(e.error)}`,
          })
        break
      case 'decision': {
        const d = (e.decision ?? {}) as Record<string, unknown>
        if (module)
          marks.push({
            t,
            lane: seen(module),
            kind: 'decision',
            outcome: d.decision === 'drop' ? 'warn' : 'ok',
            label: `decision ${d.decision}${d.status !== undefined ? ` (HTTP ${d.status})` : ''} ${String(d.uid ?? '').slice(0, 18)}…`,
          })
        break
      }
      case 'orderbook': {
        const status = typeof e.status === 'number' ? e.status : 0
        marks.push({
          t,
          lane: ORDERBOOK_LANE,
          kind: 'orderbook',
          outcome: status >= 200 && status < 300 ? 'ok' : status >= 500 || status === 0 ? 'trap' : 'host-error',
          label: `${e.method} ${e.path} → ${status}${e.errorType ? ` ${e.errorType}` : ''}`,
        })
        break
      }
      case 'step':
        if (e.step === 'drop' || e.step === 'signal' || e.step === 'restart')
          marks.push({ t, lane: ENGINE_LANE, kind: e.step, outcome: 'warn', label: `${e.at}: ${e.step}` })
        break
      case 'exit':
        marks.push({
          t,
          lane: ENGINE_LANE,
          kind: 'exit',
          outcome: e.code === 0 ? 'ok' : e.code === 3 ? 'warn' : 'trap',
          label: `exit: ${e.reason}, code ${e.code}`,
        })
        break
    }
  }
  const usesOrderbook = marks.some((m) => m.lane === ORDERBOOK_LANE)
  return { lanes: [ENGINE_LANE, ...modules, ...(usesOrderbook ? [ORDERBOOK_LANE] : [])], marks }
}

function outcomeOf(value: unknown): MarkOutcome {
  return value === 'host-error' ? 'host-error' : value === 'trap' ? 'trap' : 'ok'
}

function errorText(error: unknown): string {
  if (error === undefined || error === null) return ''
  if (typeof error === 'string') return ` (${error})`
  const e = error as Record<string, unknown>
  return ` (${[e.kind, e.message].filter((x) => typeof x === 'string').join(': ')})`
}
