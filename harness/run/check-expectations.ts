// Compares a run's state with an `expect:` block. Pure: every failure names the key path, what
// was wanted and what happened.
import type { EngineExit } from '../../engine/exit.js'
import type { CountExpect, Expectations, LogMatch } from '../scenario/types.js'
import { checkJournal, type PostedOrder } from './check-journal.js'
import { checkOrder, checkStreams } from './check-order.js'
import type { Observations } from './observations.js'

export interface RunSnapshot {
  exit: EngineExit | undefined
  observations: Observations
  /** Chain requests per module and method, including those still waiting for an answer. */
  calls: ReadonlyMap<string, ReadonlyMap<string, number>>
  orderbook: { posts: number; accepted: number; rejected: number }
  /** Every order posted so far, in arrival order (`expect.journal`). */
  posted: readonly PostedOrder[]
  readStore(module: string, key: string): Uint8Array | undefined
  traceHash: string
}

export function checkExpectations(expect: Expectations, run: RunSnapshot): string[] {
  const failures: string[] = []
  const at = expect.at
  const fail = (path: string, wanted: string, got: string) =>
    failures.push(`${at}.${path}: wanted ${wanted}, got ${got}`)

  if (expect.exit) {
    const reason = run.exit?.reason ?? 'running'
    if (expect.exit.reason !== undefined && expect.exit.reason !== reason)
      fail('exit.reason', expect.exit.reason, describeExit(run.exit))
    if (expect.exit.code !== undefined) {
      if (!run.exit) fail('exit.code', String(expect.exit.code), 'the engine still running')
      else if (run.exit.code !== expect.exit.code) fail('exit.code', String(expect.exit.code), String(run.exit.code))
    }
  }

  for (const [module, want] of expect.dispatch ?? []) {
    const got = run.observations.dispatch.get(module) ?? { blocks: 0, logs: 0, ok: 0, errors: 0, traps: 0 }
    for (const key of ['blocks', 'logs', 'ok', 'errors', 'traps'] as const) {
      const w = want[key]
      if (w && !inRange(w, got[key])) fail(`dispatch.${module}.${key}`, w.text, String(got[key]))
    }
  }

  const alive = run.observations.alive()
  for (const m of expect.alive ?? []) {
    if (!alive.includes(m))
      fail(
        'alive',
        `${m} alive`,
        run.observations.modules.includes(m)
          ? `${m} dead`
          : `no module named ${m} (modules: ${list(run.observations.modules)})`,
      )
  }
  for (const m of expect.dead ?? []) {
    if (!run.observations.dead.has(m))
      fail(
        'dead',
        `${m} dead`,
        run.observations.modules.includes(m)
          ? `${m} alive`
          : `no module named ${m} (modules: ${list(run.observations.modules)})`,
      )
  }

  for (const [module, methods] of expect.calls ?? []) {
    const got = run.calls.get(module)
    for (const [method, w] of methods) {
      const n = got?.get(method) ?? 0
      if (!inRange(w, n))
        fail(
          `calls.${module}.${method}`,
          w.text,
          `${n}${got?.size ? ` (all calls: ${[...got].map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`,
        )
    }
  }

  if (expect.orderbook) {
    for (const key of ['posts', 'accepted', 'rejected'] as const) {
      const w = expect.orderbook[key]
      if (w && !inRange(w, run.orderbook[key])) fail(`orderbook.${key}`, w.text, String(run.orderbook[key]))
    }
  }

  if (expect.journal) checkJournal(expect.journal, run.posted, fail)

  for (const [module, want] of expect.decisions ?? []) {
    const got = run.observations.decisions.get(module) ?? []
    if (want.length !== got.length || want.some((d, i) => d !== got[i]))
      fail(`decisions.${module}`, `[${want.join(', ')}]`, `[${got.join(', ')}]`)
  }

  const logCheck = run.observations.logMatchers.check(expect)
  expect.logs?.forEach((m, i) => {
    const missing = logCheck.missing[i]
    if (missing !== undefined) fail(`logs[${i}]`, `a log line ${describeMatch(m)}`, missing)
  })
  expect.noLogs?.forEach((m, i) => {
    const hit = logCheck.forbidden[i]
    if (hit !== undefined) fail(`no_logs[${i}]`, `no log line ${describeMatch(m)}`, `"${hit}"`)
  })

  for (const [module, keys] of expect.store ?? []) {
    for (const [key, want] of keys) {
      const value = run.readStore(module, key)
      const got = value === undefined ? 'absent' : `0x${Buffer.from(value).toString('hex')}`
      const ok =
        want === 'present' ? value !== undefined : want === 'absent' ? value === undefined : got === want.toLowerCase()
      if (!ok) fail(`store.${module}.${key}`, want, value === undefined ? 'absent' : got)
    }
  }

  if (expect.order) checkOrder(expect.order, run.observations.dispatches, fail)
  if (expect.streams) checkStreams(expect.streams, run.observations.streamsOpened, fail)

  if (expect.traceHash !== undefined && expect.traceHash !== run.traceHash)
    fail('trace_hash', expect.traceHash, run.traceHash)
  return failures
}

export function inRange(w: CountExpect, n: number): boolean {
  return n >= w.min && n <= w.max
}

function describeMatch(m: LogMatch): string {
  const parts = [
    m.module && `from ${m.module}`,
    m.level && `at ${m.level}`,
    m.contains !== undefined && `containing "${m.contains}"`,
  ].filter(Boolean)
  return parts.join(' ') || '(any)'
}

function describeExit(exit: EngineExit | undefined): string {
  if (!exit) return 'running'
  return `${exit.reason} (code ${exit.code}${exit.error ? `: ${exit.error}` : ''})`
}

function list(xs: readonly string[]): string {
  return xs.length ? xs.join(', ') : 'none'
}
