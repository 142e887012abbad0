// `expect:` — the final expectations, and the same keys in an `expect:` checkpoint step.
import type { Hex } from '../../engine/module-api/index.js'
import { parseHexBytes } from './hex-values.js'
import * as z from 'zod'
import {
  anyInt,
  chainId,
  mapOf,
  parseChainId,
  uint,
  converted,
  count,
  jsonValue,
  listOf,
  namedMapOf,
  nonEmptyText,
  oneOf,
  strictMap,
  text,
} from './schema-primitives.js'
import { PARSE_PARAMS } from './zod-issues.js'
import {
  type DispatchOrderEntry,
  EXIT_REASON_EXPECTS,
  type Expectations,
  type JournalExpect,
  type OrderExpect,
} from './types.js'

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

/** `{ block: N, module }` or `{ log: N, module }` (the log's block number), `chain` optional. */
const orderEntry = strictMap({
  module: nonEmptyText,
  block: uint.optional(),
  log: uint.optional(),
  chain: chainId.optional(),
}).transform((e, ctx): DispatchOrderEntry => {
  if ((e.block === undefined) === (e.log === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'exactly one of block and log (the block number)', input: e })
    return z.NEVER
  }
  return e.block !== undefined
    ? { module: e.module, event: 'block', number: e.block, chain: e.chain }
    : { module: e.module, event: 'logs', number: e.log ?? 0, chain: e.chain }
})

/** A block key: `7000001`, or `<chain>/<number>` for one chain. */
function parseBlockKey(key: string): { chain?: number | undefined; number: number } | undefined {
  const m = /^(?:([0-9]+)\/)?([0-9]+)$/.exec(key)
  if (!m) return undefined
  const number = Number(m[2])
  if (!Number.isSafeInteger(number)) return undefined
  if (m[1] === undefined) return { number }
  const chain = parseChainId(m[1])
  return chain === undefined ? undefined : { chain, number }
}

const orderOfRun = listOf(orderEntry).transform((dispatches): OrderExpect => ({ kind: 'run', dispatches }))
const orderPerBlock = strictMap({
  blocks: mapOf('a block number, or <chain>/<number>', (k) => (parseBlockKey(k) ? k : undefined), listOf(nonEmptyText)),
}).transform(
  (o): OrderExpect => ({
    kind: 'blocks',
    blocks: [...o.blocks].map(([key, modules]) => ({ ...(parseBlockKey(key) ?? { number: 0 }), key, modules })),
  }),
)

/** A list: the whole run's dispatches; a map: per block. Chosen by shape, so errors keep their paths. */
const order = z.unknown().transform((v, ctx): OrderExpect => {
  const parsed = (Array.isArray(v) ? orderOfRun : orderPerBlock).safeParse(v, PARSE_PARAMS)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue(issue as never)
  return z.NEVER
})

const streams = mapOf(
  'a chain id',
  parseChainId,
  strictMap({ blocks: count.optional(), logs: z.union([count, listOf(nonEmptyText)]).optional() }),
)

const httpStatus = converted('an HTTP status (a whole number from 100 to 599)', (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599 ? v : undefined,
)

/** `expect.journal`: each order body posted, in order, with the block it came after (decision 0190). */
const journalEntry = strictMap({
  after_block: uint,
  chain: chainId.optional(),
  body: jsonValue.refine((v) => v !== undefined, { error: 'the body posted (a JSON value)' }),
  status: httpStatus.optional(),
}).transform((e): JournalExpect => ({ afterBlock: e.after_block, chain: e.chain, body: e.body, status: e.status }))

/** Everything but `at`, which the loader adds once it knows where the block sits. */
export const expectations = strictMap({
  exit: strictMap({ reason: oneOf(EXIT_REASON_EXPECTS).optional(), code: anyInt.optional() }).optional(),
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
  order: order.optional(),
  streams: streams.optional(),
  journal: listOf(journalEntry).optional(),
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
      order: e.order,
      streams: e.streams,
      journal: e.journal,
    }),
)

/** Absent keys stay absent, so a checkpoint lists only what it checks. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
