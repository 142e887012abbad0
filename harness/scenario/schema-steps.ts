// `steps:` — each step is a map with exactly one key, the step's name.
import * as z from 'zod'
import { expectations } from './schema-expect.js'
import { orderbookBehaviour } from './schema-orderbook.js'
import {
  address,
  bool,
  bytes32,
  chainId,
  duration,
  hexBytes,
  listOf,
  nonEmptyText,
  nullAsEmpty,
  oneOf,
  positiveInt,
  strictMap,
  uint,
} from './schema-primitives.js'
import { balances, contracts, rpcRules } from './schema-world.js'
import type { BurstEvent, Expectations, StepBody } from './types.js'
import { PARSE_PARAMS } from './zod-issues.js'
import { scalarKey } from '../world/scalar-key.js'

/** A step before the loader adds its key path; an `expect` step's expectations lack `at` too. */
export type ParsedStep =
  | Exclude<StepBody, { kind: 'expect' | 'burst' }>
  | { kind: 'expect'; expect: Omit<Expectations, 'at'> }
  | { kind: 'burst'; events: ParsedBurstEvent[] }

export type ParsedBurstEvent = Omit<BurstEvent, 'at'>

const streamKind = oneOf(['blocks', 'logs'])

/** `drop: blocks` is short for `drop: { stream: blocks }`. */
const streamTarget = z.preprocess(
  (v) => (typeof v === 'string' ? { stream: v } : v),
  strictMap(
    { stream: streamKind, chain: chainId.optional(), module: nonEmptyText.optional() },
    'blocks, logs, or a map',
  ),
)

/** `blocks: 3` is short for `blocks: { count: 3 }` (extension). */
const blocksBody = z.preprocess(
  (v) => (typeof v === 'number' ? { count: v } : v),
  strictMap({ count: positiveInt, chain: chainId.optional() }),
)

const STEP_NAMES_IN_ORDER = [
  'block',
  'blocks',
  'log',
  'drop',
  'error',
  'advance',
  'signal',
  'set',
  'orderbook',
  'restart',
  'reorg',
  'expect',
  'burst',
] as const
export type StepName = (typeof STEP_NAMES_IN_ORDER)[number]

const STEP_BODIES: Record<StepName, z.ZodType<ParsedStep>> = {
  block: nullAsEmpty(
    strictMap({
      chain: chainId.optional(),
      number: uint.optional(),
      timestamp: uint.optional(),
      hash: bytes32.optional(),
    }),
  ).transform((b): ParsedStep => ({ kind: 'block', ...b })),
  blocks: blocksBody.transform((b): ParsedStep => ({ kind: 'blocks', ...b })),
  log: strictMap({
    chain: chainId.optional(),
    address,
    topics: listOf(bytes32).max(4, { error: 'at most 4 topics' }),
    data: hexBytes.default('0x'),
    block: uint.optional(),
    tx: bytes32.optional(),
    index: uint.optional(),
    removed: bool.optional(),
  }).transform((b): ParsedStep => ({ kind: 'log', ...b })),
  drop: streamTarget.transform((b): ParsedStep => ({ kind: 'drop', ...b })),
  error: streamTarget.transform((b): ParsedStep => ({ kind: 'error', ...b })),
  advance: duration.transform((ms): ParsedStep => ({ kind: 'advance', ms })),
  signal: oneOf(['SIGTERM', 'SIGINT']).transform((signal): ParsedStep => ({ kind: 'signal', signal })),
  set: strictMap({
    chain: chainId.optional(),
    balances: balances.optional(),
    contracts: contracts.optional(),
    rpc: rpcRules.optional(),
  }).transform((b): ParsedStep => ({ kind: 'set', ...b })),
  orderbook: orderbookBehaviour.transform((behaviour): ParsedStep => ({ kind: 'orderbook', behaviour })),
  restart: nullAsEmpty(strictMap({})).transform((): ParsedStep => ({ kind: 'restart' })),
  /** `reorg: 2` is short for `reorg: { depth: 2 }` (extension). */
  reorg: z
    .preprocess(
      (v) => (typeof v === 'number' ? { depth: v } : v),
      strictMap({ depth: positiveInt, chain: chainId.optional() }, 'a depth, or a map'),
    )
    .transform((b): ParsedStep => ({ kind: 'reorg', ...b })),
  expect: expectations.transform((expect): ParsedStep => ({ kind: 'expect', expect })),
  // Filled in below: a burst's events are steps themselves.
  burst: z.never(),
}

/**
 * Step kinds whose parsed body is scalars only (and a log's list of topics): a parsed body of one
 * of them is kept by its input and handed out as a copy. A fuzz campaign's cases are made of the
 * same few hundred step bodies; each was validated again in every case (decision 0224). Only a
 * body that parsed is kept: a bad one is parsed, and reported, every time.
 */
const KEPT_KINDS: ReadonlySet<StepName> = new Set([
  'block',
  'blocks',
  'log',
  'drop',
  'error',
  'advance',
  'signal',
  'restart',
  'reorg',
])
const parsedBodies = new Map<string, ParsedStep>()
const PARSED_BODIES_MAX = 4096

/** `STEP_BODIES[kind].safeParse(body)`, remembered for the kinds above. */
function parseBody(kind: StepName, body: unknown): ReturnType<z.ZodType<ParsedStep>['safeParse']> {
  const key = KEPT_KINDS.has(kind) ? bodyKey(kind, body) : undefined
  const known = key === undefined ? undefined : parsedBodies.get(key)
  if (known !== undefined) return { success: true, data: copyOf(known) }
  const parsed = parseBodyAfresh(kind, body)
  if (parsed.success && key !== undefined) {
    if (parsedBodies.size >= PARSED_BODIES_MAX) parsedBodies.clear()
    parsedBodies.set(key, copyOf(parsed.data))
  }
  return parsed
}

/** The schema's own parse of a body, never remembered (what the remembered one must equal). */
export function parseBodyAfresh(kind: StepName, body: unknown): ReturnType<z.ZodType<ParsedStep>['safeParse']> {
  return STEP_BODIES[kind].safeParse(body, PARSE_PARAMS)
}

/** A parsed body of a kept kind, with its own topics list. */
function copyOf(step: ParsedStep): ParsedStep {
  return step.kind === 'log' ? { ...step, topics: [...step.topics] } : { ...step }
}

/**
 * The input of a body as text two different inputs never share (scalar-key.ts): a scalar, null,
 * or a plain map of scalars and lists of scalars, keys in their order. Anything else: no key.
 */
function bodyKey(kind: string, body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return scalarKey([kind, body])
  if (Array.isArray(body) || Object.getPrototypeOf(body) !== Object.prototype) return undefined
  let key = `${scalarKey([kind])}{`
  for (const [name, value] of Object.entries(body)) {
    const item = Array.isArray(value) ? listKey(value) : scalarKey([value])
    if (item === undefined) return undefined
    key += `${scalarKey([name])}${item}`
  }
  return key
}

function listKey(list: readonly unknown[]): string | undefined {
  if (Object.getPrototypeOf(list) !== Array.prototype) return undefined
  const items = scalarKey(Array.from(list))
  return items === undefined ? undefined : `[${list.length}:${items}]`
}

/** The steps a `burst:` may hold. */
const BURST_EVENTS = ['block', 'blocks', 'log', 'drop', 'error', 'signal'] as const

export const STEP_NAMES: readonly StepName[] = STEP_NAMES_IN_ORDER

function isStepName(key: string): key is StepName {
  return Object.hasOwn(STEP_BODIES, key)
}

/** The step's one key, checked, lifted next to its body as `kind`. */
const stepShape = z.unknown().transform((v, ctx) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `a step: a map with one key (${STEP_NAMES.join(', ')})`, input: v })
    return z.NEVER
  }
  const keys = Object.keys(v)
  if (keys.length !== 1) {
    const found = keys.length === 0 ? 'an empty map' : `${keys.length} keys (${keys.join(', ')})`
    ctx.addIssue({ code: 'custom', message: 'a map with exactly one key (the step)', params: { found } })
    return z.NEVER
  }
  const key = keys[0] ?? ''
  if (!isStepName(key)) {
    ctx.addIssue({
      code: 'custom',
      message: `a step: one of ${STEP_NAMES.join(', ')}`,
      params: { found: `unknown step ${JSON.stringify(key)}` },
      path: [key],
    })
    return z.NEVER
  }
  return { kind: key, body: (v as Record<string, unknown>)[key] }
})

const burstEvent = stepShape.transform((s, ctx): ParsedBurstEvent => {
  if (!(BURST_EVENTS as readonly string[]).includes(s.kind)) {
    ctx.addIssue({
      code: 'custom',
      message: `a burst event: one of ${BURST_EVENTS.join(', ')}`,
      params: { found: `step "${s.kind}" (not an event)` },
      path: [s.kind],
    })
    return z.NEVER
  }
  const parsed = parseBody(s.kind, s.body)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [s.kind, ...issue.path] } as never)
    return z.NEVER
  }
  return parsed.data as ParsedBurstEvent
})

STEP_BODIES.burst = listOf(burstEvent)
  .min(1, { error: 'a non-empty list of events' })
  .transform((events): ParsedStep => ({ kind: 'burst', events }))

export const step = stepShape.transform((s, ctx): ParsedStep => {
  const parsed = parseBody(s.kind, s.body)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [s.kind, ...issue.path] } as never)
    return z.NEVER
  }
  return parsed.data
})
