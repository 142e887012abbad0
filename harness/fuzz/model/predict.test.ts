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
