// What the model predicts for twap-monitor and ethflow-watcher on real payloads: the state
// machines of docs/fuzzing.md ("What the model knows of the modules"), case by case.
import { describe, expect, it } from 'vitest'
import { placementLog, placementUid, twapLog, twapWatchKey } from './cow-payloads.js'
import type { CaseModule, CaseStep, EthflowPlacement, FuzzCase, TwapOrder, TwapPoll } from './fuzz-case.js'
import { predict } from './predict.js'

const SEPOLIA = 11155111
const twapMonitor = (name: string): CaseModule => ({ kind: 'twap-monitor', name })
const ethflowWatcher = (name: string): CaseModule => ({ kind: 'ethflow-watcher', name })
const block: CaseStep = { type: 'block', chain: SEPOLIA }
const blocks = (n: number): CaseStep[] => Array.from({ length: n }, () => block)
const ready = (tranche: number, times = 1, expired = false): TwapPoll => ({ outcome: 'ready', tranche, expired, times })

function created(twaps: TwapOrder[], index: number): CaseStep {
  const { address, topics } = twapLog(twaps[index] as TwapOrder, index)
  return { type: 'log', chain: SEPOLIA, address, topics, payload: { kind: 'twap', index } }
}
function placed(placements: EthflowPlacement[], index: number): CaseStep {
  const { address, topics } = placementLog(placements[index] as EthflowPlacement, index)
  return { type: 'log', chain: SEPOLIA, address, topics, payload: { kind: 'ethflow', index } }
}
const twapCase = (twaps: TwapOrder[], steps: CaseStep[], extra: Partial<FuzzCase> = {}): FuzzCase => ({
  chains: [SEPOLIA],
  modules: [twapMonitor('t')],
  twaps,
  steps,
  ...extra,
})

describe('the model of twap-monitor', () => {
  it('posts a ready tranche once: later polls of the same part find its UID settled', () => {
    const twaps: TwapOrder[] = [{ owner: 0, params: 'valid', decodes: true, polls: [ready(0, 3)] }]
    const p = predict(twapCase(twaps, [created(twaps, 0), ...blocks(4)]))
    expect(p.decisions.t).toEqual(['submitted'])
    expect(p.orderbook).toEqual({ posts: 1, accepted: 1 })
    expect(p.twapMonitors.get('t')?.polls).toBe(4)
    expect(p.classes.has('twap-monitor:tranche-settled')).toBe(true)
  })

  it('gates: try-at-block and try-at-epoch hold the watch back, with no eth_call, until due', () => {
    const twaps: TwapOrder[] = [
      {
        owner: 0,
        params: 'valid',
        decodes: true,
        // The head is block 7000000 at 1750000000; blocks are 12 s apart.
        polls: [{ outcome: 'try-at-block', blocks: 3 }, { outcome: 'try-at-epoch', seconds: 60 }, ready(1)],
      },
    ]
    // Polls at 7000000 (→ 7000003), 7000003 (→ t ≥ 1750000060, i.e. 7000005), 7000005 (ready).
    const p = predict(twapCase(twaps, [created(twaps, 0), ...blocks(6)]))
    expect(p.twapMonitors.get('t')?.polls).toBe(3)
    expect(p.decisions.t).toEqual(['submitted'])
  })

  it('OrderNotValid or PollNever drops the watch; a creation log that does not decode indexes nothing', () => {
    const twaps: TwapOrder[] = [
      { owner: 0, params: 'invalid', decodes: true, polls: [{ outcome: 'order-not-valid' }] },
      { owner: 1, params: 'valid', decodes: false, polls: [ready(0)] },
    ]
    const p = predict(twapCase(twaps, [created(twaps, 0), created(twaps, 1), ...blocks(3)]))
    const t = p.twapMonitors.get('t')
    expect(t?.polls).toBe(1)
    expect(t?.hasWatch(twapWatchKey(twaps[0] as TwapOrder, 0))).toBe(false)
    expect(t?.droppedByContract.has(twapWatchKey(twaps[0] as TwapOrder, 0))).toBe(true)
    expect(p.decisions.t).toBeUndefined()
  })

  it('a tranche with non-empty app data is never posted; an expired one is refused, and retried', () => {
    const custom: TwapOrder[] = [{ owner: 0, params: 'app-data', decodes: true, polls: [ready(0, 2)] }]
    const skipped = predict(twapCase(custom, [created(custom, 0), ...blocks(2)]))
    expect(skipped.orderbook.posts).toBe(0)
    expect(skipped.twapMonitors.get('t')?.skippedOwners.size).toBe(1)
    const expired: TwapOrder[] = [{ owner: 0, params: 'valid', decodes: true, polls: [ready(0, 2, true)] }]
    const refused = predict(twapCase(expired, [created(expired, 0), block, block]))
    // InsufficientValidTo: the default policy says try-next-block, so the watch stays and the
    // tranche is posted again while the contract hands it out.
    expect(refused.decisions.t).toEqual(['try-next-block', 'try-next-block'])
    expect(refused.orderbook).toEqual({ posts: 2, accepted: 0 })
    expect(refused.twapMonitors.get('t')?.hasWatch(twapWatchKey(expired[0] as TwapOrder, 0))).toBe(true)
  })

  it('a backoff also gates the watch until block time + the backoff; the store survives a restart', () => {
    const twaps: TwapOrder[] = [{ owner: 0, params: 'valid', decodes: true, polls: [ready(0, 5)] }]
    const steps = [created(twaps, 0), block, { type: 'restart' } as CaseStep, ...blocks(3)]
    const p = predict(
      twapCase(twaps, steps, { orderbook: [{ kind: 'status', status: 429, text: 'slow down', retryAfter: '30' }] }),
    )
    // 7000000 backs off until +30 s; 7000001 and 7000002 are gated; 7000003 (+36 s) posts again.
    expect(p.decisions.t).toEqual(['backoff', 'submitted'])
    expect(p.twapMonitors.get('t')?.polls).toBe(2)
  })

  it('an eth_call that fails is a try-next-block: nothing posted, nothing gated', () => {
    const twaps: TwapOrder[] = [{ owner: 0, params: 'valid', decodes: true, polls: [ready(0)] }]
    const failing: CaseStep = { type: 'rpc', chain: SEPOLIA, method: 'eth_call', fault: { kind: 'error' } }
    const healed: CaseStep = { type: 'rpc', chain: SEPOLIA, method: 'eth_call', fault: null }
    const p = predict(twapCase(twaps, [created(twaps, 0), failing, block, block, healed, block]))
    expect(p.twapMonitors.get('t')?.polls).toBe(3)
    expect(p.decisions.t).toEqual(['submitted'])
  })

  it("each chain's ComposableCoW counts its rules apart: a watch polled on two chains meets each first answer", () => {
    const twaps: TwapOrder[] = [{ owner: 0, params: 'invalid', decodes: true, polls: [{ outcome: 'order-not-valid' }] }]
    const t: CaseModule = {
      kind: 'twap-monitor',
      name: 't',
      subscriptions: [
        { kind: 'log', chain: SEPOLIA },
        { kind: 'block', chain: 1 },
        { kind: 'block', chain: SEPOLIA },
      ],
    }
    const onMainnet: CaseStep = { type: 'block', chain: 1 }
    // Dropped on chain 1, indexed again, then chain 1 answers try-next-block and Sepolia drops it.
    const p = predict(
      twapCase(twaps, [created(twaps, 0), onMainnet, created(twaps, 0), onMainnet, block], {
        chains: [1, SEPOLIA],
        modules: [t],
      }),
    )
    expect(p.twapMonitors.get('t')?.polls).toBe(3)
    expect(p.twapMonitors.get('t')?.hasWatch(twapWatchKey(twaps[0] as TwapOrder, 0))).toBe(false)
  })

  it('two monitors share the contract and the book: the second one meets DuplicatedOrder', () => {
    const twaps: TwapOrder[] = [{ owner: 0, params: 'valid', decodes: true, polls: [ready(0, 2)] }]
    const p = predict(twapCase(twaps, [created(twaps, 0), block], { modules: [twapMonitor('a'), twapMonitor('b')] }))
    expect(p.decisions).toEqual({ a: ['submitted'], b: ['already-submitted'] })
    expect(p.orderbook).toEqual({ posts: 2, accepted: 1 })
  })
})

describe('the model of ethflow-watcher', () => {
  const ethflowCase = (placements: EthflowPlacement[], steps: CaseStep[]): FuzzCase => ({
    chains: [SEPOLIA],
    modules: [ethflowWatcher('e')],
    placements,
    steps,
  })

  it('looks each placement up: scripted answers first, then the orderbook does not know it', () => {
    const placements: EthflowPlacement[] = [{ valid: true, decodes: true, lookups: ['never', 'found'] }]
    const log = placed(placements, 0)
    const p = predict(ethflowCase(placements, [log, log, log, log]))
    const e = p.ethflowWatchers.get('e')
    const uid = placementUid(placements[0] as EthflowPlacement, 0, SEPOLIA)
    expect([...(e?.seen.get(uid) ?? [])].sort()).toEqual(['already-observed', 'lookup-failed', 'observed'])
    expect(e?.isObserved(uid)).toBe(true)
    expect(p.decisions.e).toBeUndefined()
    expect(p.orderbook.posts).toBe(0)
  })

  it('an unknown enum marker is skipped with no lookup; data that does not decode is ignored', () => {
    const placements: EthflowPlacement[] = [
      { valid: false, decodes: true, lookups: ['found'] },
      { valid: true, decodes: false, lookups: [] },
      { valid: true, decodes: true, lookups: [] },
    ]
    const p = predict(ethflowCase(placements, [placed(placements, 0), placed(placements, 1), placed(placements, 2)]))
    const e = p.ethflowWatchers.get('e')
    expect(e?.skippedSenders.size).toBe(1)
    expect([...(e?.seen.values() ?? [])].map((s) => [...s])).toEqual([['not-indexed']])
  })
})
