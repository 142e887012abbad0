// fast-check arbitraries for whole cases, swarm style (anchors: Groce et al., "Swarm Testing"):
// each case first draws which step kinds it may use at all, so rare combinations (a script of
// only drops and restarts, logs with no log subscriber) show up instead of being averaged away.
import fc from 'fast-check'
import {
  ADDRESSES,
  CHAIN_IDS,
  type BurstEvent,
  type CaseModule,
  type CaseStep,
  type ChainId,
  type EthflowPlacement,
  type FuzzCase,
  LOOKUP_ANSWERS,
  type LookupAnswer,
  MODULE_KINDS,
  type ModuleKind,
  type PostAnswer,
  RPC_METHODS,
  type RealKind,
  type RpcFault,
  type StreamSelector,
  type Subscription,
  TOPICS,
  TWAP_POLL_OUTCOMES,
  type TwapOrder,
  type TwapPoll,
} from './model/fuzz-case.js'
import { placementLog, twapLog } from './model/cow-payloads.js'
import { CONFIG_CHOICES, chainsOf } from './model/real-modules.js'
import { REJECTION_NAMES } from '../orderbook/rejection-catalogue.js'

export const STEP_KINDS = [
  'block',
  'log',
  'signal',
  'drop',
  'error',
  'advance',
  'restart',
  'burst',
  'reorg',
  'rpc',
  /** A log carrying a real ComposableCoW `ConditionalOrderCreated` of one of the case's TWAPs. */
  'twap-created',
  /** A log carrying a real CoWSwapEthFlow `OrderPlacement` of one of the case's placements. */
  'ethflow-placed',
] as const
export type StepKind = (typeof STEP_KINDS)[number]

/** Kinds of orderbook answers a case may script (swarm: each case enables a subset, maybe none). */
export const ANSWER_KINDS = ['reject', 'rate-limit', 'server-error', 'no-answer', 'slow'] as const
export type AnswerKind = (typeof ANSWER_KINDS)[number]

const chainArb = fc.constantFrom<ChainId>(...CHAIN_IDS)
const addressArb = fc.constantFrom(...ADDRESSES)
const topicArb = fc.constantFrom(...TOPICS)

const subscriptionArb: fc.Arbitrary<Subscription> = fc.oneof(
  fc.record({ kind: fc.constant('block' as const), chain: chainArb }),
  fc.record(
    { kind: fc.constant('log' as const), chain: chainArb, address: addressArb, topic0: topicArb },
    { requiredKeys: ['kind', 'chain'] },
  ),
)

/** Modules whose manifests subscribe to one contract's event logs. */
const LISTENERS: readonly ModuleKind[] = ['twap-monitor', 'ethflow-watcher']

const isReal = (kind: ModuleKind): kind is RealKind => kind in CONFIG_CHOICES

/** A config within the module's schema: each varied key kept at the manifest's value or drawn. */
function configArb(kind: RealKind): fc.Arbitrary<Record<string, string> | undefined> {
  const keys = Object.entries(CONFIG_CHOICES[kind])
  if (keys.length === 0) return fc.constant(undefined)
  return fc
    .tuple(...keys.map(([key, values]) => fc.option(fc.constantFrom(...values).map((v) => [key, v] as const))))
    .map((pairs) => {
      const set = pairs.filter((p) => p !== null) as (readonly [string, string])[]
      return set.length ? Object.fromEntries(set) : undefined
    })
}

// The modules that decide (stop-loss, twap-monitor, ethflow-watcher) are drawn more often, so
// decisions are common.
const kindArb = fc.oneof(
  { arbitrary: fc.constantFrom(...MODULE_KINDS), weight: 3 },
  { arbitrary: fc.constant('stop-loss' as const), weight: 1 },
  { arbitrary: fc.constantFrom('twap-monitor' as const, 'ethflow-watcher' as const), weight: 3 },
)

const moduleArb: fc.Arbitrary<Omit<CaseModule, 'name'>> = kindArb.chain((kind) => {
  // Duplicates kept on purpose: two identical filters are two streams.
  const subscriptions = fc.array(subscriptionArb, { maxLength: 4 })
  if (!isReal(kind)) return subscriptions.map((subs): Omit<CaseModule, 'name'> => ({ kind, subscriptions: subs }))
  return fc.record<Omit<CaseModule, 'name'>>({
    kind: fc.constant(kind),
    // A real module keeps its manifest's subscriptions (undefined) or gets the case's; the two
    // that listen to one contract's events mostly keep theirs, or real payloads would rarely reach them.
    subscriptions: LISTENERS.includes(kind)
      ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: subscriptions, weight: 1 })
      : fc.option(subscriptions, { nil: undefined, freq: 2 }),
    config: configArb(kind),
  })
})

const modulesArb: fc.Arbitrary<CaseModule[]> = fc
  .array(moduleArb, { maxLength: 6 })
  .map((ms) => ms.map((m, i): CaseModule => ({ ...m, name: `${m.kind}-${i}` })))

function selectorArb(modules: readonly CaseModule[]): fc.Arbitrary<StreamSelector> {
  const names = modules.map((m) => m.name)
  return fc.oneof(
    fc.record({ stream: fc.constant('blocks' as const), chain: fc.option(chainArb, { nil: undefined }) }),
    fc.record({
      stream: fc.constant('logs' as const),
      chain: fc.option(chainArb, { nil: undefined }),
      module: names.length ? fc.option(fc.constantFrom(...names), { nil: undefined }) : fc.constant(undefined),
    }),
  )
}

const blockArb = fc.record({ type: fc.constant('block' as const), chain: chainArb })
const logArb = fc.record({
  type: fc.constant('log' as const),
  chain: chainArb,
  address: addressArb,
  topics: fc.oneof(
    fc.constant<string[]>([]),
    topicArb.map((t) => [t]),
  ),
})
const rpcFaultArb: fc.Arbitrary<RpcFault> = fc.oneof(
  fc.constant({ kind: 'error' as const }),
  fc.constant({ kind: 'never' as const }),
  fc.constantFrom(1, 5, 20).map((seconds) => ({ kind: 'delay' as const, seconds })),
)

/** Retry-After as servers and proxies send it: seconds, zero, a date-like or garbage value, or none. */
const retryAfterArb = fc.constantFrom(undefined, '0', '5', '120', '86400', 'soon')

function answerArb(kind: AnswerKind): fc.Arbitrary<PostAnswer> {
  switch (kind) {
    case 'reject':
      return fc.oneof(
        fc.constantFrom(...REJECTION_NAMES).map((name) => ({ kind: 'reject' as const, name })),
        // The 401 of a replacement by another signer (docs/orderbook.md, the catalogue).
        fc.constant({
          kind: 'reject' as const,
          name: 'WrongOwner',
          status: 401,
          description: 'Old and new orders have different signers',
        }),
      )
    case 'rate-limit':
      return retryAfterArb.map((retryAfter) => ({
        kind: 'status' as const,
        status: 429,
        text: '<html>429 Too Many Requests</html>',
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      }))
    case 'server-error':
      return fc
        .constantFrom(500, 502, 503, 504)
        .map((status) => ({ kind: 'status' as const, status, text: `<html>${status}</html>` }))
    case 'no-answer':
      return fc.constant({ kind: 'never' as const })
    case 'slow':
      // Under and over the engine's 10 s orderbook timeout.
      return fc
        .tuple(fc.constantFrom(...REJECTION_NAMES), fc.constantFrom(2, 9, 11, 30))
        .map(([name, delay]) => ({ kind: 'reject' as const, name, delay }))
  }
}

function pollArb(kind: TwapPoll['outcome']): fc.Arbitrary<TwapPoll> {
  switch (kind) {
    case 'ready':
      // Mostly a tranche still valid; sometimes one that expired before it was posted.
      return fc.record({
        outcome: fc.constant('ready' as const),
        tranche: fc.integer({ min: 0, max: 3 }),
        expired: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
        times: fc.integer({ min: 1, max: 4 }),
      })
    case 'try-at-block':
      return fc.integer({ min: 1, max: 4 }).map((blocks) => ({ outcome: 'try-at-block' as const, blocks }))
    case 'try-at-epoch':
      return fc.constantFrom(30, 120, 3600).map((seconds) => ({ outcome: 'try-at-epoch' as const, seconds }))
    default:
      return fc.constant({ outcome: kind })
  }
}

/** A TWAP and the contract's answers to its owner, from the case's swarm of poll outcomes. */
function twapArb(outcomes: readonly TwapPoll['outcome'][]): fc.Arbitrary<TwapOrder> {
  const polls = outcomes.length
    ? fc.array(fc.oneof(...outcomes.map((o) => ({ arbitrary: pollArb(o), weight: o === 'ready' ? 4 : 1 }))), {
        maxLength: 6,
      })
    : fc.constant<TwapPoll[]>([])
  return fc
    .record({
      owner: fc.integer({ min: 0, max: 1 }),
      params: fc.constantFrom<TwapOrder['params'][]>('valid', 'valid', 'valid', 'valid', 'invalid', 'app-data'),
      decodes: fc.integer({ min: 0, max: 7 }).map((k) => k > 0),
      polls,
    })
    .map((t) =>
      // A handler refuses an invalid TWAP at its first poll.
      t.params === 'invalid' ? { ...t, polls: [{ outcome: 'order-not-valid' as const }, ...t.polls] } : t,
    )
}

function placementArb(answers: readonly LookupAnswer[]): fc.Arbitrary<EthflowPlacement> {
  return fc.record({
    valid: fc.constantFrom(true, true, true, false),
    decodes: fc.integer({ min: 0, max: 7 }).map((k) => k > 0),
    lookups: answers.length ? fc.array(fc.constantFrom(...answers), { maxLength: 3 }) : fc.constant<LookupAnswer[]>([]),
  })
}

/** A log step carrying payload `index` of that kind; mostly on Sepolia, where the manifests listen. */
function payloadLogArb(
  kind: 'twap' | 'ethflow',
  count: number,
  logOf: (index: number) => { address: string; topics: string[] },
): fc.Arbitrary<Extract<BurstEvent, { type: 'log' }>> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: count - 1 }),
      fc.oneof({ arbitrary: fc.constant<ChainId>(11155111), weight: 3 }, { arbitrary: chainArb, weight: 1 }),
    )
    .map(([index, chain]) => {
      const { address, topics } = logOf(index)
      return { type: 'log' as const, chain, address, topics, payload: { kind, index } }
    })
}

const signalArb = fc.record({ type: fc.constant('signal' as const), signal: fc.constantFrom('SIGTERM', 'SIGINT') })

/** The case's TWAPs and placements, and their creation/placement log steps (null: none drawn). */
interface Payloads {
  twaps: TwapOrder[]
  placements: EthflowPlacement[]
  twapLog: fc.Arbitrary<Extract<BurstEvent, { type: 'log' }>> | null
  placementLog: fc.Arbitrary<Extract<BurstEvent, { type: 'log' }>> | null
  /** The case's swarm enables RPC faults. */
  rpcFaults: boolean
}

/** One step, or a few that belong together (a TWAP's creation and the blocks that poll it). */
function stepArb(
  kind: StepKind,
  modules: readonly CaseModule[],
  payloads: Payloads,
): fc.Arbitrary<CaseStep | CaseStep[]> {
  switch (kind) {
    case 'twap-created':
      // The creation, then the blocks that poll it; in a swarm with RPC faults, sometimes with the
      // node failing every eth_call meanwhile (healed after), so polls that get no answer occur.
      return payloads.twapLog === null
        ? logArb
        : fc
            .tuple(
              payloads.twapLog,
              fc.integer({ min: 1, max: 4 }),
              payloads.rpcFaults
                ? fc.oneof(
                    { arbitrary: fc.constant(null), weight: 3 },
                    { arbitrary: rpcFaultArb.filter((f) => f.kind !== 'delay'), weight: 1 },
                  )
                : fc.constant(null),
            )
            .map(([log, blocks, fault]) => {
              const polled = Array.from({ length: blocks }, (): CaseStep => ({ type: 'block', chain: log.chain }))
              if (fault === null) return [log, ...polled]
              const set = (f: RpcFault | null): CaseStep => ({
                type: 'rpc',
                chain: log.chain,
                method: 'eth_call',
                fault: f,
              })
              return [log, set(fault), ...polled, set(null)]
            })
    case 'ethflow-placed':
      return payloads.placementLog ?? logArb
    case 'block':
      return blockArb
    case 'log':
      return logArb
    case 'signal':
      return signalArb
    case 'drop':
      return selectorArb(modules).map((target) => ({ type: 'drop' as const, target }))
    case 'error':
      return selectorArb(modules).map((target) => ({ type: 'error' as const, target }))
    case 'advance':
      return fc.integer({ min: 1, max: 3600 }).map((seconds) => ({ type: 'advance' as const, seconds }))
    case 'restart':
      return fc.constant({ type: 'restart' as const })
    case 'reorg':
      return fc.record({ type: fc.constant('reorg' as const), chain: chainArb, depth: fc.integer({ min: 1, max: 3 }) })
    case 'rpc':
      return fc.record({
        type: fc.constant('rpc' as const),
        chain: chainArb,
        method: fc.constantFrom(...RPC_METHODS),
        fault: fc.oneof(rpcFaultArb, fc.constant(null)),
      })
    case 'burst':
      return fc
        .array(
          fc.oneof<fc.Arbitrary<BurstEvent>[]>(blockArb, blockArb, payloads.twapLog ?? logArb, logArb, signalArb),
          {
            minLength: 1,
            maxLength: 6,
          },
        )
        .map((events) => ({ type: 'burst' as const, events }))
  }
}

/** Blocks weigh most (most of what modules do happens on a block), then real payload logs. */
const STEP_WEIGHT: Partial<Record<StepKind, number>> = { block: 4, 'twap-created': 2, 'ethflow-placed': 2 }

export interface CaseShape {
  /** Longest script (before the model leaves out steps the runner would refuse). */
  maxSteps: number
  /** Shortest script (default 0); the `fuzz` benchmark draws 100-step scripts. */
  minSteps?: number | undefined
}

/** A whole case: chains, modules, and a script drawn from this case's swarm of step kinds. */
export function fuzzCaseArb(shape: CaseShape = { maxSteps: 24 }): fc.Arbitrary<FuzzCase> {
  return modulesArb.chain((modules) =>
    fc
      .record({
        // Chains a subscription names are always declared; others may be (a chain with no module).
        extraChains: fc.subarray([...CHAIN_IDS]),
        swarm: fc.subarray([...STEP_KINDS], { minLength: 1 }),
        answerSwarm: fc.subarray([...ANSWER_KINDS]),
        pollSwarm: fc.subarray([...TWAP_POLL_OUTCOMES]),
        lookupSwarm: fc.subarray([...LOOKUP_ANSWERS]),
      })
      // A case with a module listening for real payloads mostly enables their kind (else its
      // swarm seldom would); a TWAP lives on blocks, so a swarm with TWAP creations has blocks too.
      .chain((d) =>
        fc.tuple(fc.boolean(), fc.boolean()).map(([twap, ethflow]) => {
          const swarm = [...d.swarm]
          const listens = (kind: ModuleKind) => modules.some((m) => m.kind === kind)
          if ((twap || ethflow) && listens('twap-monitor') && !swarm.includes('twap-created'))
            swarm.push('twap-created')
          if ((twap || ethflow) && listens('ethflow-watcher') && !swarm.includes('ethflow-placed'))
            swarm.push('ethflow-placed')
          if (swarm.includes('twap-created') && !swarm.includes('block')) swarm.push('block')
          return { ...d, swarm }
        }),
      )
      .chain(({ extraChains, swarm, answerSwarm, pollSwarm, lookupSwarm }) =>
        fc
          .record({
            twaps: swarm.includes('twap-created')
              ? fc.array(twapArb(pollSwarm), { minLength: 1, maxLength: 3 })
              : fc.constant<TwapOrder[]>([]),
            placements: swarm.includes('ethflow-placed')
              ? fc.array(placementArb(lookupSwarm), { minLength: 1, maxLength: 3 })
              : fc.constant<EthflowPlacement[]>([]),
          })
          .map(({ twaps, placements }) => ({ extraChains, swarm, answerSwarm, twaps, placements })),
      )
      .chain(({ extraChains, swarm, answerSwarm, twaps, placements }) => {
        const twapLogs = twaps.map(twapLog)
        const placementLogs = placements.map(placementLog)
        const payloads: Payloads = {
          twaps,
          placements,
          rpcFaults: swarm.includes('rpc'),
          twapLog: twaps.length
            ? payloadLogArb('twap', twaps.length, (i) => twapLogs[i] as (typeof twapLogs)[number])
            : null,
          placementLog: placements.length
            ? payloadLogArb('ethflow', placements.length, (i) => placementLogs[i] as (typeof placementLogs)[number])
            : null,
        }
        const used = modules.flatMap(chainsOf)
        const declared = CHAIN_IDS.filter((c) => used.includes(c) || extraChains.includes(c))
        const chains = declared.length ? declared : [11155111 as ChainId]
        // Steps name declared chains only: the world has no head for another.
        const steps = fc
          .array(
            // Blocks, when enabled, weigh more: most of what modules do happens on a block.
            fc
              .oneof(...swarm.map((k) => ({ arbitrary: stepArb(k, modules, payloads), weight: STEP_WEIGHT[k] ?? 1 })))
              .map((s) => (Array.isArray(s) ? s : [s]).map((one) => onChains(one, chains))),
            { minLength: shape.minSteps ?? 0, maxLength: shape.maxSteps },
          )
          .map((groups) => groups.flat().slice(0, Math.max(shape.maxSteps, shape.minSteps ?? 0)))
        const orderbook = answerSwarm.length
          ? fc.array(fc.oneof(...answerSwarm.map(answerArb)), { maxLength: 8 })
          : fc.constant<PostAnswer[]>([])
        return fc.tuple(steps, orderbook).map(([s, o]) => ({
          chains,
          modules,
          steps: s,
          orderbook: o,
          ...(twaps.length ? { twaps } : {}),
          ...(placements.length ? { placements } : {}),
        }))
      }),
  )
}

function onChains(step: CaseStep, chains: readonly ChainId[]): CaseStep {
  const fix = (c: ChainId): ChainId => (chains.includes(c) ? c : (chains[0] as ChainId))
  switch (step.type) {
    case 'block':
    case 'log':
    case 'reorg':
    case 'rpc':
      return { ...step, chain: fix(step.chain) }
    case 'burst':
      return { ...step, events: step.events.map((e) => (e.type === 'signal' ? e : { ...e, chain: fix(e.chain) })) }
    default:
      return step
  }
}
