import { describe, expect, it } from 'vitest'
import type { EngineStatus } from '../../engine/run-engine.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { waitUntilQuiet, type QuiescenceProbe } from './quiescence.js'

function probe(overrides: Partial<QuiescenceProbe> & { status: () => EngineStatus }): QuiescenceProbe {
  return { activity: () => 0, inFlight: () => 0, neverEnding: () => [], clock: new VirtualClock(0), ...overrides }
}

describe('waitUntilQuiet', () => {
  it('is quiet when the engine waits for events', async () => {
    expect(await waitUntilQuiet(probe({ status: () => 'waiting' }))).toEqual({ kind: 'quiet' })
  })

  it('reports an exited engine', async () => {
    expect(await waitUntilQuiet(probe({ status: () => 'exited' }))).toEqual({ kind: 'exited' })
  })

  it('moves virtual time to the next timer while a dispatch waits only on timers', async () => {
    const clock = new VirtualClock(1_000)
    let status: EngineStatus = 'dispatching'
    void clock.sleep(30_000, { label: 'rpc timeout' }).then(() => (status = 'waiting'))
    expect(await waitUntilQuiet(probe({ status: () => status, clock }))).toEqual({ kind: 'quiet' })
    expect(clock.now()).toBe(31_000)
  })

  it('is stuck, naming the wait, when nothing and no timer can end it', async () => {
    const stuck = await waitUntilQuiet(
      probe({ status: () => 'dispatching', neverEnding: () => ['rpc eth_blockNumber [] (delay: never)'] }),
    )
    expect(stuck).toEqual({ kind: 'stuck', waitingOn: 'rpc eth_blockNumber [] (delay: never)' })
    const unknown = await waitUntilQuiet(probe({ status: () => 'dispatching' }))
    expect(unknown).toEqual({
      kind: 'stuck',
      waitingOn: 'nothing the world knows of (engine dispatching, no timer pending)',
    })
  })

  it('waits real time for in-flight real I/O instead of moving virtual time', async () => {
    const clock = new VirtualClock(0)
    void clock.sleep(5_000)
    let inFlight = 1
    let status: EngineStatus = 'booting'
    setTimeout(() => {
      inFlight = 0
      status = 'waiting'
    }, 20)
    expect(await waitUntilQuiet(probe({ status: () => status, inFlight: () => inFlight, clock }))).toEqual({
      kind: 'quiet',
    })
    expect(clock.now()).toBe(0)
  })

  it('gives a computing module real time up to its grace, then moves virtual time to its deadline', async () => {
    const clock = new VirtualClock(0)
    let status: EngineStatus = 'dispatching'
    void clock.sleep(3_000, { label: 'dispatch deadline' }).then(() => (status = 'waiting'))
    const started = performance.now()
    const hung = probe({ status: () => status, computing: () => status !== 'waiting', computeGraceMs: 30, clock })
    expect(await waitUntilQuiet(hung)).toEqual({ kind: 'quiet' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(29)
    expect(clock.now()).toBe(3_000)
  })

  it('does not move virtual time while a module computes within its grace', async () => {
    const clock = new VirtualClock(0)
    void clock.sleep(3_000, { label: 'dispatch deadline' })
    let computing = true
    setTimeout(() => (computing = false), 20)
    let status: EngineStatus = 'dispatching'
    const busy = probe({
      status: () => status,
      computing: () => {
        if (!computing) status = 'waiting'
        return computing
      },
      computeGraceMs: 5_000,
      clock,
    })
    expect(await waitUntilQuiet(busy)).toEqual({ kind: 'quiet' })
    expect(clock.now()).toBe(0)
  })
})
