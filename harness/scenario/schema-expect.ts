// `expect:` — the final expectations, and the same keys in an `expect:` checkpoint step.
import type { Hex } from '../../engine/module-api/index.js'
import { parseHexBytes } from './hex-values.js'
import {
  anyInt,
  converted,
  count,
  listOf,
  namedMapOf,
  nonEmptyText,
  oneOf,
  strictMap,
  text,
} from './schema-primitives.js'
import type { Expectations } from './types.js'

const EXIT_REASONS = [
  'signal',
  'block-stream-ended',
  'log-stream-ended',
  'nothing-to-run',
  'boot-failed',
  'running',
] as const
const DECISIONS = ['submitted', 'already-submitted', 'try-next-block', 'backoff', 'drop'] as const
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const

const storeValue = converted(
  'present, absent, or the stored bytes as 0x hex',
  (v): 'present' | 'absent' | Hex | undefined => (v === 'present' || v === 'absent' ? v : parseHexBytes(v)),
)

const traceHash = converted('a trace hash (sha256: + 64 hex digits)', (v) =>
  typeof v === 'string' && /^sha256:[0-9a-fA-F]{64}$/.test(v) ? v.toLowerCase() : undefined,
)

const logMatch = strictMap({
  module: nonEmptyText.optional(),
  level: oneOf(LOG_LEVELS).optional(),
  contains: text.optional(),
})

/** Everything but `at`, which the loader adds once it knows where the block sits. */
export const expectations = strictMap({
  exit: strictMap({ reason: oneOf(EXIT_REASONS).optional(), code: anyInt.optional() }).optional(),
  dispatch: namedMapOf(
    strictMap({
      blocks: count.optional(),
      logs: count.optional(),
      ok: count.optional(),
      errors: count.optional(),
      traps: count.optional(),
    }),
  ).optional(),
  alive: listOf(nonEmptyText).optional(),
  dead: listOf(nonEmptyText).optional(),
  calls: namedMapOf(namedMapOf(count)).optional(),
  orderbook: strictMap({ posts: count.optional(), accepted: count.optional(), rejected: count.optional() }).optional(),
  decisions: namedMapOf(listOf(oneOf(DECISIONS))).optional(),
  logs: listOf(logMatch).optional(),
  no_logs: listOf(logMatch).optional(),
  store: namedMapOf(namedMapOf(storeValue)).optional(),
  trace_hash: traceHash.optional(),
}).transform(
  (e): Omit<Expectations, 'at'> =>
    withoutUndefined({
      exit: e.exit,
      dispatch: e.dispatch,
      alive: e.alive,
      dead: e.dead,
      calls: e.calls,
      orderbook: e.orderbook,
      decisions: e.decisions,
      logs: e.logs,
      noLogs: e.no_logs,
      store: e.store,
      traceHash: e.trace_hash,
    }),
)

/** Absent keys stay absent, so a checkpoint lists only what it checks. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
