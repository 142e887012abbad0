import { describe, expect, it } from 'vitest'
import { withDeadline, DeadlineExceeded } from './deadline.js'
import { VirtualClock, VirtualClockError } from './virtual-clock.js'

/** Lets every queued promise continuation run (the runner's job between timers). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('VirtualClock', () => {
  it('starts at the given time and never moves by itself', async () => {
    const clock = new VirtualClock(1_750_000_000_000)
    expect(clock.now()).toBe(1_750_000_000_000)
    await flush()
    expect(clock.now()).toBe(1_750_000_000_000)
  })

  it('fires timers in time order, then in insertion order, each at its own time', async () => {
    const clock = new VirtualClock(0)
    const seen: string[] = []
    const arm = (ms: number, label: string) =>
      clock.sleep(ms, { label }).then(() => seen.push(`${label}@${clock.now()}`))
    void arm(30, 'c')
    void arm(10, 'a1')
    void arm(20, 'b')
    void arm(10, 'a2')
    expect(clock.pendingTimers()).toEqual([
      { at: 10, label: 'a1' },
      { at: 10, label: 'a2' },
      { at: 20, label: 'b' },
      { at: 30, label: 'c' },
    ])
    while (clock.fireNext()) await flush()
    expect(seen).toEqual(['a1@10', 'a2@10', 'b@20', 'c@30'])
    expect(clock.nextTimerAt()).toBeUndefined()
    expect(clock.fireNext()).toBe(false)
  })

  it('fires timers armed by a continuation when the runner flushes between timers', async () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    void clock.sleep(5).then(async () => {
      seen.push(clock.now())
      await clock.sleep(5)
      seen.push(clock.now())
    })
    void clock.sleep(7).then(() => seen.push(clock.now()))
    while (clock.fireNext()) await flush()
    expect(seen).toEqual([5, 7, 10])
  })

  it('advanceTo fires every due timer in order and lands on the target', async () => {
    const clock = new VirtualClock(100)
    const fired: string[] = []
    void clock.sleep(50, { label: 'late' }).then(() => fired.push('late'))
    void clock.sleep(10, { label: 'early' }).then(() => fired.push('early'))
    void clock.sleep(500, { label: 'later' }).then(() => fired.push('later'))
    clock.advanceTo(200)
    await flush()
    expect(fired).toEqual(['early', 'late'])
    expect(clock.now()).toBe(200)
    expect(clock.pendingTimers()).toEqual([{ at: 600, label: 'later' }])
  })

  it('advanceBy moves relative to now; zero-length sleeps fire at the current instant', async () => {
    const clock = new VirtualClock(0)
    clock.advanceBy(1000)
    expect(clock.now()).toBe(1000)
    let done = false
    void clock.sleep(0).then(() => (done = true))
    expect(clock.nextTimerAt()).toBe(1000)
    clock.advanceBy(0)
    await flush()
    expect(done).toBe(true)
  })

  it('refuses to move backwards or by a negative amount', () => {
    const clock = new VirtualClock(1000)
    expect(() => clock.advanceTo(999)).toThrow(VirtualClockError)
    expect(() => clock.advanceBy(-1)).toThrow(/cannot advance the virtual clock by -1 ms/)
    expect(clock.now()).toBe(1000)
  })

  it('abort removes the timer and rejects with the signal reason', async () => {
    const clock = new VirtualClock(0)
    const cancel = new AbortController()
    const sleeping = clock.sleep(10, { signal: cancel.signal, label: 'deadline' })
    expect(clock.pendingTimers()).toHaveLength(1)
    cancel.abort(new Error('no longer needed'))
    await expect(sleeping).rejects.toThrow('no longer needed')
    expect(clock.pendingTimers()).toEqual([])
    expect(clock.nextTimerAt()).toBeUndefined()
  })

  it('rejects at once, arming nothing, when the signal is already aborted', async () => {
    const clock = new VirtualClock(0)
    const sleeping = clock.sleep(10, { signal: AbortSignal.abort('gone') })
    await expect(sleeping).rejects.toBe('gone')
    expect(clock.pendingTimers()).toEqual([])
  })

  it('aborting after the timer fired changes nothing', async () => {
    const clock = new VirtualClock(0)
    const cancel = new AbortController()
    const sleeping = clock.sleep(10, { signal: cancel.signal })
    clock.fireNext()
    cancel.abort()
    await expect(sleeping).resolves.toBeUndefined()
  })

  it('leaves nothing pending after a deadline race the work wins (engine withDeadline)', async () => {
    const clock = new VirtualClock(0)
    await expect(withDeadline(clock, 5000, 'rpc eth_call', Promise.resolve('ok'))).resolves.toBe('ok')
    expect(clock.pendingTimers()).toEqual([])
  })

  it('times out a hung promise when the runner fires the deadline timer', async () => {
    const clock = new VirtualClock(0)
    const race = withDeadline(clock, 5000, 'rpc eth_call', new Promise(() => {}))
    expect(clock.pendingTimers()).toEqual([{ at: 5000, label: 'rpc eth_call' }])
    clock.fireNext()
    await expect(race).rejects.toBeInstanceOf(DeadlineExceeded)
    expect(clock.now()).toBe(5000)
  })

  it('an alarm fires in (time, insertion) order with sleeps, once, and not after cancel', async () => {
    const clock = new VirtualClock(0)
    const order: string[] = []
    clock.alarm(20, 'late alarm', () => order.push(`late alarm@${clock.now()}`))
    void clock.sleep(10).then(() => order.push(`sleep@${clock.now()}`))
    clock.alarm(10, 'alarm', () => order.push(`alarm@${clock.now()}`))
    const cancelled = clock.alarm(5, 'cancelled', () => order.push('cancelled'))
    cancelled.cancel()
    expect(clock.pendingTimers().map((t) => t.label)).toEqual(['sleep', 'alarm', 'late alarm'])
    while (clock.fireNext()) await flush()
    cancelled.cancel() // a no-op once gone
    expect(order).toEqual(['sleep@10', 'alarm@10', 'late alarm@20'])
  })

  it('a deadline race passes the work rejection through and frees its alarm', async () => {
    const clock = new VirtualClock(0)
    const failure = new Error('node down')
    await expect(withDeadline(clock, 5000, 'rpc eth_call', Promise.reject(failure))).rejects.toBe(failure)
    expect(clock.pendingTimers()).toEqual([])
  })

  it('a clock with only sleep gets the same race (the AbortSignal path)', async () => {
    const virtual = new VirtualClock(0)
    const sleepOnly = { now: () => virtual.now(), sleep: virtual.sleep.bind(virtual) }
    await expect(withDeadline(sleepOnly, 5000, 'rpc', Promise.resolve(1))).resolves.toBe(1)
    expect(virtual.pendingTimers()).toEqual([])
    const hung = withDeadline(sleepOnly, 5000, 'rpc', new Promise(() => {}))
    virtual.fireNext()
    await expect(hung).rejects.toBeInstanceOf(DeadlineExceeded)
  })
})
