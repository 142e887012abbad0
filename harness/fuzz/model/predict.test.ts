import { describe, expect, it } from 'vitest'
import { ADDRESSES, type CaseModule, type CaseStep, TOPICS } from './fuzz-case.js'
import { predict } from './predict.js'

const probe = (name: string, subscriptions: CaseModule['subscriptions']): CaseModule => ({
  kind: 'probe',
  name,
  subscriptions,
})
const block = { type: 'block', chain: 11155111 } as const
const [A, B] = ADDRESSES
const [T1] = TOPICS

describe('the reference model', () => {
  it('exits nothing-to-run (code 0) when no module subscribes, and keeps no event after it', () => {
    const p = predict({ chains: [11155111], modules: [probe('p', [])], steps: [block, { type: 'restart' }, block] })
    expect(p.exit).toEqual({ reason: 'nothing-to-run', code: 0 })
    expect(p.steps).toEqual([{ type: 'restart' }])
    expect(p.exits).toEqual(['nothing-to-run', 'nothing-to-run'])
    expect(p.alive).toBeUndefined()
  })

  it('a trap is final for the boot: the module gets no more events, and a restart revives it', () => {
    const panic: CaseModule = { kind: 'panic', name: 'x', subscriptions: [{ kind: 'block', chain: 11155111 }] }
    const p = predict({ chains: [11155111], modules: [panic], steps: [block, block, { type: 'restart' }, block] })
    expect(p.dispatch.x).toEqual({ blocks: 2, logs: 0, ok: 0, errors: 0, traps: 2 })
    expect(p.dead).toEqual(['x'])
    // The script ended with the engine up: the model stops it with SIGTERM.
    expect(p.steps.at(-1)).toEqual({ type: 'signal', signal: 'SIGTERM' })
    expect(p.exit).toEqual({ reason: 'signal', code: 0 })
    expect(p.streams).toEqual({ 11155111: { blocks: 2, logs: 0 } })
  })

  it('a log reaches each matching stream: duplicate filters deliver twice, a dead owner drains', () => {
    const logSub = { kind: 'log', chain: 11155111, address: A, topic0: T1 } as const
    const modules: CaseModule[] = [
      probe('twice', [logSub, logSub]),
      { kind: 'panic', name: 'dies', subscriptions: [{ kind: 'log', chain: 11155111 }] },
    ]
    const log = { type: 'log', chain: 11155111, address: A, topics: [T1 as string] } as const
    const other = { type: 'log', chain: 11155111, address: B, topics: [] } as const
    const p = predict({ chains: [11155111], modules, steps: [log, log, other] })
    expect(p.dispatch.twice?.logs).toBe(4)
    expect(p.dispatch.dies).toEqual({ blocks: 0, logs: 1, ok: 0, errors: 0, traps: 1 })
    expect(p.routing.has('dead-module-log-drained')).toBe(true)
    expect(p.streams).toEqual({ 11155111: { blocks: 0, logs: 3 } })
  })

  it('the engine stops when a non-empty side has no open stream left, never on an empty side', () => {
    const modules = [
      probe('b', [
        { kind: 'block', chain: 1 },
        { kind: 'block', chain: 100 },
      ]),
    ]
    const drop1: CaseStep = { type: 'drop', target: { stream: 'blocks', chain: 1 } }
    const dropLogs: CaseStep = { type: 'drop', target: { stream: 'logs' } }
    const drop100: CaseStep = { type: 'drop', target: { stream: 'blocks', chain: 100 } }
    const p = predict({
      chains: [1, 100],
      modules,
      steps: [drop1, dropLogs, { type: 'block', chain: 100 }, drop100, block],
    })
    // No log stream: the drop of logs matches nothing and is left out; the last block comes after the exit.
    expect(p.steps).toEqual([drop1, { type: 'block', chain: 100 }, drop100])
    expect(p.exit).toEqual({ reason: 'block-stream-ended', code: 3 })
    expect(p.dispatch.b?.blocks).toBe(1)
  })

  it('a signal anywhere in a burst beats every event of it; without one, blocks go before logs', () => {
    const flaky: CaseModule = {
      kind: 'flaky',
      name: 'f',
      subscriptions: [
        { kind: 'block', chain: 11155111 },
        { kind: 'log', chain: 11155111 },
      ],
    }
    const log = { type: 'log', chain: 11155111, address: A, topics: [] } as const
    const quiet = predict({ chains: [11155111], modules: [flaky], steps: [{ type: 'burst', events: [log, block] }] })
    expect(quiet.dispatch.f).toEqual({ blocks: 1, logs: 0, ok: 0, errors: 0, traps: 1 })
    const stopped = predict({
      chains: [11155111],
      modules: [flaky],
      steps: [{ type: 'burst', events: [block, { type: 'signal', signal: 'SIGINT' }, log] }, block],
    })
    expect(stopped.dispatch.f?.blocks).toBe(0)
    expect(stopped.exit).toEqual({ reason: 'signal', code: 0 })
    expect(stopped.steps).toHaveLength(1)
  })

  it('the last log stream ending stops the engine with code 3, even with blocks still flowing', () => {
    const modules = [
      {
        kind: 'host-error',
        name: 'h',
        subscriptions: [
          { kind: 'block', chain: 100 },
          { kind: 'log', chain: 100 },
        ],
      },
    ] satisfies CaseModule[]
    const p = predict({
      chains: [100],
      modules,
      steps: [
        { type: 'block', chain: 100 },
        { type: 'error', target: { stream: 'logs', module: 'h' } },
        { type: 'drop', target: { stream: 'logs', module: 'h' } },
      ],
    })
    expect(p.exit).toEqual({ reason: 'log-stream-ended', code: 3 })
    expect(p.dispatch.h).toEqual({ blocks: 1, logs: 0, ok: 0, errors: 1, traps: 0 })
  })
})

describe('the reference model: stop-loss and the orderbook', () => {
  const sl = (name: string, config?: Record<string, string>): CaseModule => ({ kind: 'stop-loss', name, config })
  const blocks = (n: number): CaseStep[] => Array.from({ length: n }, () => block)

  it('posts at or below the trigger, decides per the table, and never posts a settled UID again', () => {
    const p = predict({
      chains: [11155111],
      modules: [sl('a'), sl('b'), sl('idle', { trigger_price: '1000.00' })],
      steps: blocks(3),
      orderbook: [{ kind: 'reject', name: 'TransferSimulationFailed' }],
    })
    // a gets the scripted answer, b the working orderbook's 201; then a finds the UID on the book.
    expect(p.decisions).toEqual({ a: ['try-next-block', 'already-submitted'], b: ['submitted'] })
    expect(p.orderbook).toEqual({ posts: 3, accepted: 1 })
    expect(p.faults.has('stop-loss-idle')).toBe(true)
    expect(p.faults.has('gate-settled')).toBe(true)
  })

  it('a 429 backs off for Retry-After seconds of block time; a reorg sends older block times again', () => {
    const rateLimited = { kind: 'status', status: 429, text: 'slow', retryAfter: '20' } as const
    // Blocks at +0 (429, due +20), +12 (held back), +24 (posts).
    const p = predict({ chains: [11155111], modules: [sl('a')], steps: blocks(3), orderbook: [rateLimited] })
    expect(p.decisions.a).toEqual(['backoff', 'submitted'])
    expect(p.faults.has('gate-backoff')).toBe(true)
    // +0 (no answer), +12 (429: due +32), a reorg sends +0 and +12 again (held back), +24 (held
    // back), +36 posts.
    const r = predict({
      chains: [11155111],
      modules: [sl('a')],
      steps: [block, block, { type: 'reorg', chain: 11155111, depth: 2 }, block, block],
      orderbook: [{ kind: 'never' }, rateLimited],
    })
    expect(r.dispatch.a?.blocks).toBe(6)
    expect(r.decisions.a).toEqual(['try-next-block', 'backoff', 'submitted'])
  })

  it('no price, no post: an eth_call that fails or never answers; a slow one is still read', () => {
    const p = predict({
      chains: [11155111],
      modules: [sl('a')],
      steps: [
        { type: 'rpc', chain: 11155111, method: 'eth_call', fault: { kind: 'never' } },
        block,
        { type: 'rpc', chain: 11155111, method: 'eth_call', fault: { kind: 'delay', seconds: 5 } },
        block,
      ],
    })
    expect(p.decisions.a).toEqual(['submitted'])
    expect(p.dispatch.a).toEqual({ blocks: 2, logs: 0, ok: 2, errors: 0, traps: 0 })
  })

  it('blocks of a burst cut by a signal still take their numbers: later block times move on', () => {
    // +0 (60 s backoff), then a burst of three blocks and SIGTERM (+12, +24, +36, undispatched),
    // a restart, and the next block is +48: still inside the backoff; +60 posts.
    const p = predict({
      chains: [11155111],
      modules: [sl('a')],
      steps: [
        block,
        { type: 'burst', events: [block, block, { type: 'signal', signal: 'SIGTERM' }, block] },
        { type: 'restart' },
        block,
        block,
      ],
      orderbook: [{ kind: 'reject', name: 'InsufficientLiquidity' }],
    })
    expect(p.dispatch.a?.blocks).toBe(3)
    expect(p.decisions.a).toEqual(['backoff', 'submitted'])
  })

  it('an answer slower than the orderbook timeout is no answer', () => {
    const p = predict({
      chains: [11155111],
      modules: [sl('a')],
      steps: blocks(2),
      orderbook: [
        { kind: 'reject', name: 'InvalidSignature', delay: 11 },
        { kind: 'reject', name: 'InvalidSignature' },
      ],
    })
    expect(p.decisions.a).toEqual(['try-next-block', 'drop'])
  })
})

describe('the model is the judge, not the judged', () => {
  it('imports nothing from engine/ or modules/ but the one error base class', async () => {
    const { readdir, readFile } = await import('node:fs/promises')
    const dir = new URL('.', import.meta.url)
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
      const text = await readFile(new URL(file, dir), 'utf8')
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string)
      const foreign = imports.filter(
        (i) => /(^|\/)(engine|modules)\//.test(i) && !i.endsWith('engine/errors/base-error.js'),
      )
      expect(foreign, file).toEqual([])
    }
  })
})
