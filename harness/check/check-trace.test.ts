// Each invariant against hand-built traces: a clean one passes, a violating one names the rule
// and the trace line.
import { describe, expect, it } from 'vitest'
import type { CheckerModel, ModuleModel } from './checker-model.js'
import { checkTrace, traceFailures } from './check-trace.js'

const C = 11155111
const UID = `0x${'ab'.repeat(56)}`

type Fields = Record<string, unknown>
const L = (type: string, fields: Fields = {}, t = 0): string => JSON.stringify({ t, type, ...fields })

const boot = (...names: string[]) => [
  L('boot', { modules: names }),
  ...names.map((m) => L('module-init', { module: m, outcome: 'ok' })),
]
const blocksOpen = (chainId = C) => L('stream-open', { stream: 'blocks', chainId, ok: true })
const logsOpen = (module: string, chainId = C) => L('stream-open', { stream: 'logs', chainId, module, ok: true })
const step = (at: string, kind: string) => L('step', { at, step: kind })
const block = (number: number, chainId = C, timestamp = 1_750_000_000 + number) =>
  L('block', { chainId, number, hash: '0x00', timestamp })
const dispatch = (module: string, number: number, outcome = 'ok', event = 'block', chainId = C) =>
  L('dispatch', { module, event, chainId, number, outcome })
const exit = (reason = 'signal', code = 0) => L('exit', { reason, code })
const post = (t: number, status = 201) =>
  L('orderbook', { chainId: C, method: 'POST', path: '/api/v1/orders', status, uid: UID }, t)
const decide = (module: string, decision: string, t: number, extra: Fields = {}) =>
  L('decision', { module, decision: { uid: UID, decision, ...extra } }, t)

const mod = (name: string, extra: Partial<ModuleModel> = {}): ModuleModel => ({
  name,
  blockChains: [C],
  logFilters: [],
  ...extra,
})
const model = (modules: ModuleModel[], extra: Partial<CheckerModel> = {}): CheckerModel => ({
  modules,
  logs: new Map(),
  drops: new Map(),
  ...extra,
})
const AB = model([mod('a'), mod('b')])

function rules(lines: string[], m: CheckerModel = AB) {
  return checkTrace(lines, m).map((v) => `${v.invariant}@${v.line}`)
}

describe('checkTrace: a clean run', () => {
  it('has no violation', () => {
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      step('steps[0]', 'block'),
      block(1),
      dispatch('a', 1),
      dispatch('b', 1),
    ]
    expect(rules([...lines, step('steps[1]', 'signal'), exit()])).toEqual([])
  })
})

describe('one exit per boot, with the documented code', () => {
  it('two exits in one boot', () => {
    expect(rules([...boot('a', 'b'), exit(), exit()])).toEqual(['one-exit-per-boot@5'])
  })
  it('a wrong code for its reason', () => {
    expect(rules([...boot('a', 'b'), exit('block-stream-ended', 0)])).toEqual(['one-exit-per-boot@4'])
    expect(rules([...boot('a', 'b'), exit('boot-failed', 1)])).toEqual([])
  })
  it('no exit at all', () => {
    expect(rules([...boot('a', 'b')])).toEqual(['one-exit-per-boot@0'])
  })
  it('a restart starts a new boot, before or after its exit', () => {
    expect(rules([...boot('a', 'b'), step('steps[0]', 'restart'), exit(), ...boot('a', 'b'), exit()])).toEqual([])
    expect(
      rules([...boot('a', 'b'), exit('block-stream-ended', 3), step('steps[0]', 'restart'), ...boot('a', 'b'), exit()]),
    ).toEqual([])
  })
})

describe('dispatch after death, exit or a signal', () => {
  it('a dead module is dispatched', () => {
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      dispatch('a', 1, 'trap'),
      dispatch('b', 1),
      block(2),
      dispatch('a', 2),
    ]
    expect(rules([...lines, exit()])).toContain('no-dispatch-to-dead-module@9')
  })
  it('a dispatch after the exit', () => {
    expect(rules([...boot('a', 'b'), blocksOpen(), exit(), dispatch('a', 1)])).toContain('no-dispatch-after-exit@6')
  })
  it('a queued block dispatched after the signal', () => {
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      step('steps[0].burst[1]', 'signal'),
      dispatch('a', 1),
      dispatch('b', 1),
    ]
    expect(rules([...lines, exit()])).toEqual(['shutdown-beats-queued-events@7'])
  })
  it('a trapped module that still logs, decides or writes its store', () => {
    const after = [
      L('log', { level: 'info', target: 'module', module: 'a', message: 'zombie' }),
      L('host-call', { module: 'a', host: 'local-store', method: 'set', args: [], ok: true }),
      L('host-call', { module: 'a', host: 'chain', method: 'request', args: [], ok: true }),
      L('host-call', { module: 'a', host: 'logging', method: 'log', args: [], ok: false }),
    ]
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      dispatch('a', 1, 'trap'),
      dispatch('b', 1),
      ...after,
      exit(),
    ]
    // The chain call may have been in flight at the trap; a refused call is what revocation does.
    expect(rules(lines)).toEqual(['trapped-module-host-revoked@8', 'trapped-module-host-revoked@9'])
  })
})

describe('each block reaches the alive subscribers in [[modules]] order', () => {
  it('out of order', () => {
    const lines = [...boot('a', 'b'), blocksOpen(), block(1), dispatch('b', 1), dispatch('a', 1), exit()]
    expect(rules(lines)).toContain('block-reaches-subscribers-in-order@6')
  })
  it('a subscriber missed', () => {
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      dispatch('a', 1),
      block(2),
      dispatch('a', 2),
      dispatch('b', 2),
      exit(),
    ]
    expect(rules(lines)).toEqual(['block-reaches-subscribers-in-order@8'])
  })
  it('a module without a subscription on the chain', () => {
    const m = model([mod('a'), mod('b', { blockChains: [1] })])
    const lines = [...boot('a', 'b'), blocksOpen(), block(1), dispatch('a', 1), dispatch('b', 1), exit()]
    expect(rules(lines, m)).toEqual(['block-reaches-subscribers-in-order@7'])
  })
  it('a dead module is left out of the fan-out', () => {
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      dispatch('a', 1, 'trap'),
      dispatch('b', 1),
      block(2),
      dispatch('b', 2),
    ]
    expect(rules([...lines, exit()])).toEqual([])
  })
  it('a block skipped, or queued and never dispatched before a stream-end exit', () => {
    const skipped = [...boot('a', 'b'), blocksOpen(), block(1), block(2), dispatch('a', 2), dispatch('b', 2), exit()]
    expect(rules(skipped)).toEqual(['block-reaches-subscribers-in-order@7'])
    const stranded = [...boot('a', 'b'), blocksOpen(), block(1), exit('log-stream-ended', 3)]
    expect(rules(stranded)).toEqual(['block-reaches-subscribers-in-order@6'])
    // A signal may leave queued blocks behind: shutdown beats them.
    expect(rules([...boot('a', 'b'), blocksOpen(), block(1), step('steps[0]', 'signal'), exit()])).toEqual([])
  })
  it('a block dispatched that was never emitted', () => {
    expect(rules([...boot('a', 'b'), blocksOpen(), dispatch('a', 9), dispatch('b', 9), exit()])).toEqual([
      'block-reaches-subscribers-in-order@5',
    ])
  })
})

describe('logs reach only matching filters, after queued blocks', () => {
  const topic = `0x${'11'.repeat(32)}`
  const other = `0x${'22'.repeat(32)}`
  const m = model(
    [
      mod('a', { blockChains: [], logFilters: [{ chainId: C, topic0: topic }] }),
      mod('b', { blockChains: [C], logFilters: [{ chainId: C, topic0: other }] }),
    ],
    {
      logs: new Map([
        ['steps[0]', { chainId: C, address: '0x01', topics: [topic], blockNumber: 5 }],
        ['steps[1]', { chainId: C, address: '0x01', topics: [other], blockNumber: 5 }],
      ]),
    },
  )
  const open = [...boot('a', 'b'), blocksOpen(), logsOpen('a'), logsOpen('b')]
  it('a matching log', () => {
    expect(rules([...open, step('steps[0]', 'log'), dispatch('a', 5, 'ok', 'logs'), exit()], m)).toEqual([])
  })
  it('a log to a module whose filter does not match it', () => {
    expect(rules([...open, step('steps[0]', 'log'), dispatch('b', 5, 'ok', 'logs'), exit()], m)).toEqual([
      'log-reaches-matching-filters-only@8',
    ])
  })
  it('a log dispatched while a block was queued', () => {
    const lines = [...open, step('steps[0]', 'log'), block(6), dispatch('a', 5, 'ok', 'logs'), dispatch('b', 6), exit()]
    expect(rules(lines, m)).toEqual(['blocks-beat-logs@9'])
  })
})

describe('no POST after a final decision, none before the backoff expired', () => {
  const m = model([mod('a')])
  const run = (...middle: string[]) => [...boot('a'), blocksOpen(), ...middle, exit()]
  it('posting again after submitted', () => {
    const lines = run(
      block(1),
      post(0),
      decide('a', 'submitted', 0),
      dispatch('a', 1),
      block(2),
      post(12_000),
      dispatch('a', 2),
    )
    expect(traceFailures(lines, m)).toEqual([
      expect.stringMatching(
        /^invariant no-post-after-final-decision: trace line 9: a posted 0xabab\S+ again after deciding submitted \(line 6\) \(\{/,
      ),
    ])
  })
  it('after drop and already-submitted too; another module may post the same UID', () => {
    const two = model([mod('a'), mod('b')])
    const lines = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      post(0, 400),
      decide('a', 'drop', 0),
      dispatch('a', 1),
      post(0, 400),
      decide('b', 'already-submitted', 0),
      dispatch('b', 1),
      exit(),
    ]
    expect(rules(lines, two)).toEqual([])
    const again = [
      ...boot('a', 'b'),
      blocksOpen(),
      block(1),
      post(0, 400),
      decide('a', 'drop', 0),
      dispatch('a', 1),
      dispatch('b', 1),
      block(2),
      post(0),
      dispatch('a', 2),
      dispatch('b', 2),
      exit(),
    ]
    expect(rules(again, two)).toEqual(['no-post-after-final-decision@11'])
  })
  it('posting before the backoff expired, by the clock and by block time', () => {
    const early = run(
      block(1),
      post(0, 400),
      decide('a', 'backoff', 0, { backoffSeconds: 600 }),
      dispatch('a', 1),
      block(2),
      post(12_000),
      dispatch('a', 2),
    )
    expect(rules(early, m)).toEqual(['no-post-before-backoff-expired@9'])
    const due = run(
      block(1),
      post(0, 400),
      decide('a', 'backoff', 0, { backoffSeconds: 600 }),
      dispatch('a', 1),
      block(601),
      post(12_000),
      dispatch('a', 601),
    )
    expect(rules(due, m)).toEqual([])
  })
  it('block time is the dispatched block’s: a reorg traces its replacements before dispatching them', () => {
    // Block 2 (time 2) backs off 5 s; the replacement of block 7 (time 7), traced before block 2
    // was dispatched, may post: 7 >= 2 + 5. Judged by the latest traced block (7), it would not.
    const reorged = run(
      block(2),
      block(7),
      post(0, 429),
      decide('a', 'backoff', 0, { backoffSeconds: 5 }),
      dispatch('a', 2),
      post(0),
      dispatch('a', 7),
    )
    expect(rules(reorged, m)).toEqual([])
    const early = run(
      block(2),
      block(6),
      post(0, 429),
      decide('a', 'backoff', 0, { backoffSeconds: 5 }),
      dispatch('a', 2),
      post(0),
      dispatch('a', 6),
    )
    expect(rules(early, m)).toEqual(['no-post-before-backoff-expired@9'])
  })

  it('a decision naming a UID other than the one the orderbook computed for the POST', () => {
    const drifted = run(
      block(1),
      post(0),
      L('decision', { module: 'a', decision: { uid: `0x${'cd'.repeat(56)}`, decision: 'submitted' } }),
      dispatch('a', 1),
    )
    expect(rules(drifted, m)).toEqual(['decision-names-posted-uid@6'])
  })

  it('a decision answers the POSTs since the previous decision: an unanswered POST is not held against an earlier one', () => {
    const other = `0x${'cd'.repeat(56)}`
    // Two tranches in one dispatch: the first answered and decided, the second never answered
    // (no orderbook line), decided try-next-block under its own UID.
    const unanswered = run(
      block(1),
      post(0, 400),
      decide('a', 'drop', 0),
      L('decision', { module: 'a', decision: { uid: other, decision: 'try-next-block' } }, 10),
      dispatch('a', 1),
    )
    expect(rules(unanswered, m)).toEqual([])
    // The second POST answered, and its decision names neither UID the orderbook computed.
    const drifted = run(
      block(1),
      post(0, 400),
      decide('a', 'try-next-block', 0),
      post(1, 201),
      L('decision', { module: 'a', decision: { uid: other, decision: 'submitted' } }, 1),
      dispatch('a', 1),
    )
    expect(rules(drifted, m)).toEqual(['decision-names-posted-uid@8'])
  })
})
