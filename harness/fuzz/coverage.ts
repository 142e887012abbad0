// What a campaign reached at least once, by the model's account of each case that passed (a case
// that passed is one where the engine did exactly what the model said).
import { FIXTURE_KINDS, type FuzzCase } from './model/fuzz-case.js'
import type { Prediction } from './model/predict.js'
import { subscriptionsOf } from './model/real-modules.js'

/** What twap-monitor does with a log, a poll and a tranche (harness/fuzz/model/twap-model.ts). */
export const TWAP_MONITOR_CLASSES = [
  'indexed',
  'ignored',
  'gated',
  'poll-failed',
  'poll-try-next-block',
  'poll-try-at-block',
  'poll-try-at-epoch',
  'poll-dont-try-again',
  'build-skipped',
  'tranche-settled',
  // Not listed: 'tranche-backoff' (a UID backing off when polled). twap-monitor's backoff also
  // gates the watch until the same second, so only another watch of the same owner, handed the
  // same tranche, can meet it; the table still counts it when a case does.
  'tranche-expired',
  'submitted',
  'already-submitted',
  'try-next-block',
  'backoff',
  'drop',
] as const
/** What ethflow-watcher does with a placement (harness/fuzz/model/ethflow-model.ts). */
export const ETHFLOW_WATCHER_CLASSES = [
  'ignored',
  'skipped',
  'observed',
  'not-indexed',
  'lookup-failed',
  'already-observed',
] as const

/** Every item the table lists, by group. Groups the generator cannot reach yet are listed too. */
export const COVERAGE_ITEMS = {
  exit: ['signal', 'block-stream-ended', 'log-stream-ended', 'nothing-to-run'],
  outcome: ['ok', 'error', 'trap'],
  fault: [
    'drop-blocks',
    'drop-logs',
    'error-item',
    'signal-in-burst',
    'restart',
    'advance',
    'reorg',
    'rpc-error',
    'rpc-delay',
    'rpc-never',
    'ob-reject',
    'ob-reject-restatused',
    'ob-429',
    'ob-5xx',
    'ob-timeout',
  ],
  // Orderbook decisions of any posting module, then each module's own classes (docs/fuzzing.md).
  decision: [
    'submitted',
    'already-submitted',
    'try-next-block',
    'backoff',
    'drop',
    ...TWAP_MONITOR_CLASSES.map((c) => `twap-monitor:${c}`),
    ...ETHFLOW_WATCHER_CLASSES.map((c) => `ethflow-watcher:${c}`),
  ],
  gate: ['gate-settled', 'gate-backoff', 'stop-loss-idle', 'stop-loss-no-price'],
  module: ['stop-loss', 'price-alert', 'balance-tracker', 'twap-monitor', 'ethflow-watcher'],
  routing: [
    'log-matched',
    'log-unmatched',
    'duplicate-filter',
    'dead-module-log-drained',
    'chain-without-module',
    'blocks-beat-logs-in-burst',
  ],
} as const

export type Coverage = Record<string, number>

export function emptyCoverage(): Coverage {
  const c: Coverage = {}
  for (const [group, items] of Object.entries(COVERAGE_ITEMS)) for (const item of items) c[`${group}:${item}`] = 0
  return c
}

export function addCoverage(into: Coverage, from: Coverage): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

/** The items one case reached. */
export function caseCoverage(c: FuzzCase, p: Prediction): Coverage {
  const hit = new Set<string>()
  for (const e of p.exits) hit.add(`exit:${e}`)
  for (const o of p.outcomes) hit.add(`outcome:${o}`)
  const subscribed = new Set(c.modules.flatMap((m) => subscriptionsOf(m).map((s) => s.chain)))
  if (c.chains.some((ch) => !subscribed.has(ch)) && subscribed.size > 0) hit.add('routing:chain-without-module')
  for (const m of c.modules) {
    const keys = subscriptionsOf(m)
      .filter((s) => s.kind === 'log')
      .map((s) => JSON.stringify(s))
    if (new Set(keys).size < keys.length) hit.add('routing:duplicate-filter')
  }
  for (const s of p.steps) {
    if (s.type === 'drop') hit.add(s.target.stream === 'blocks' ? 'fault:drop-blocks' : 'fault:drop-logs')
    if (s.type === 'error') hit.add('fault:error-item')
    if (s.type === 'restart') hit.add('fault:restart')
    if (s.type === 'advance') hit.add('fault:advance')
    if (s.type === 'burst') {
      if (s.events.some((e) => e.type === 'signal')) hit.add('fault:signal-in-burst')
      else if (s.events.some((e) => e.type === 'block') && s.events.some((e) => e.type === 'log'))
        hit.add('routing:blocks-beat-logs-in-burst')
    }
  }
  for (const r of p.routing) hit.add(`routing:${r}`)
  for (const k of p.classes) hit.add(`decision:${k}`)
  for (const f of p.faults) {
    if (f.startsWith('decision-')) hit.add(`decision:${f.slice('decision-'.length)}`)
    else if (f.startsWith('gate-') || f.startsWith('stop-loss-')) hit.add(`gate:${f}`)
    else hit.add(`fault:${f}`)
  }
  // A real module that got at least one dispatch.
  for (const m of c.modules) {
    const d = p.dispatch[m.name]
    if (d && d.blocks + d.logs > 0 && !(FIXTURE_KINDS as readonly string[]).includes(m.kind))
      hit.add(`module:${m.kind}`)
  }
  const out: Coverage = {}
  for (const k of hit) out[k] = 1
  return out
}

export function missing(c: Coverage): string[] {
  return Object.entries(c)
    .filter(([, n]) => n === 0)
    .map(([k]) => k)
}

export function coverageTable(c: Coverage): string {
  const rows = Object.entries(c).map(([k, n]) => `  ${n > 0 ? 'reached' : 'NEVER  '}  ${k.padEnd(40)} ${n}`)
  return ['coverage (cases reaching each item):', ...rows].join('\n')
}
