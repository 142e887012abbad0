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
  type FuzzCase,
  MODULE_KINDS,
  type StreamSelector,
  type Subscription,
  TOPICS,
} from './model/fuzz-case.js'

export const STEP_KINDS = ['block', 'log', 'signal', 'drop', 'error', 'advance', 'restart', 'burst'] as const
export type StepKind = (typeof STEP_KINDS)[number]

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

const modulesArb: fc.Arbitrary<CaseModule[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...MODULE_KINDS),
      // Duplicates kept on purpose: two identical filters are two streams.
      subscriptions: fc.array(subscriptionArb, { maxLength: 4 }),
    }),
    { maxLength: 6 },
  )
  .map((ms) => ms.map((m, i) => ({ ...m, name: `${m.kind}-${i}` })))

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
const signalArb = fc.record({ type: fc.constant('signal' as const), signal: fc.constantFrom('SIGTERM', 'SIGINT') })

function stepArb(kind: StepKind, modules: readonly CaseModule[]): fc.Arbitrary<CaseStep> {
  switch (kind) {
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
    case 'burst':
      return fc
        .array(fc.oneof<fc.Arbitrary<BurstEvent>[]>(blockArb, blockArb, logArb, signalArb), {
          minLength: 1,
          maxLength: 6,
        })
        .map((events) => ({ type: 'burst' as const, events }))
  }
}

export interface CaseShape {
  /** Longest script (before the model leaves out steps the runner would refuse). */
  maxSteps: number
}

/** A whole case: chains, modules, and a script drawn from this case's swarm of step kinds. */
export function fuzzCaseArb(shape: CaseShape = { maxSteps: 24 }): fc.Arbitrary<FuzzCase> {
  return modulesArb.chain((modules) =>
    fc
      .record({
        // Chains a subscription names are always declared; others may be (a chain with no module).
        extraChains: fc.subarray([...CHAIN_IDS]),
        swarm: fc.subarray([...STEP_KINDS], { minLength: 1 }),
      })
      .chain(({ extraChains, swarm }) => {
        const used = modules.flatMap((m) => m.subscriptions.map((s) => s.chain))
        const declared = CHAIN_IDS.filter((c) => used.includes(c) || extraChains.includes(c))
        const chains = declared.length ? declared : [11155111 as ChainId]
        // Steps name declared chains only: the world has no head for another.
        const steps = fc.array(
          fc.oneof(...swarm.map((k) => stepArb(k, modules))).map((s) => onChains(s, chains)),
          { maxLength: shape.maxSteps },
        )
        return steps.map((s) => ({ chains, modules, steps: s }))
      }),
  )
}

function onChains(step: CaseStep, chains: readonly ChainId[]): CaseStep {
  const fix = (c: ChainId): ChainId => (chains.includes(c) ? c : (chains[0] as ChainId))
  switch (step.type) {
    case 'block':
    case 'log':
      return { ...step, chain: fix(step.chain) }
    case 'burst':
      return { ...step, events: step.events.map((e) => (e.type === 'signal' ? e : { ...e, chain: fix(e.chain) })) }
    default:
      return step
  }
}
