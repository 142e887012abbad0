import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { ModuleThreadPool } from './pooled-module-threads.js'

// Real threads (an idle script, not module-worker: what is under test is which thread the pool hands out).
const started: Worker[] = []
const startIdle = () => {
  const worker = new Worker('require("node:worker_threads").parentPort.on("message", () => {})', { eval: true })
  started.push(worker)
  return worker
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()))
})

const STOP_LOSS = '/m/stop-loss'
const PROBE = '/m/probe'
const CPU_LOOP = '/m/cpu-loop'

describe('ModuleThreadPool', () => {
  it('hands a module the thread that has imported it already, not a fresh one', async () => {
    const pool = new ModuleThreadPool(startIdle)
    const first = pool.acquire(256, STOP_LOSS)
    await pool.release(first, 256, true)
    pool.acquire(256, PROBE) // takes the fresh reserve
    expect(pool.acquire(256, STOP_LOSS)).toBe(first)
  })

  it('gives a module it has not seen a fresh thread, keeping the warmed one', async () => {
    const pool = new ModuleThreadPool(startIdle)
    const warmed = pool.acquire(256, STOP_LOSS)
    await pool.release(warmed, 256, true)
    const other = pool.acquire(256, CPU_LOOP)
    expect(other).not.toBe(warmed)
    expect(pool.idleThreads(256).map((s) => [...s])).toContainEqual([STOP_LOSS])
  })

  it('keeps one fresh thread in reserve per heap limit once one is asked for', async () => {
    const pool = new ModuleThreadPool(startIdle)
    pool.acquire(256, PROBE)
    expect(pool.idleThreads(256).map((s) => s.size)).toEqual([0])
    pool.acquire(256, CPU_LOOP) // the reserve; another starts
    expect(pool.idleThreads(256).map((s) => s.size)).toEqual([0])
    expect(pool.idleThreads(32)).toEqual([])
    expect(started).toHaveLength(3)
  })

  it('terminates a thread that is not reusable, and never hands it out again', async () => {
    const pool = new ModuleThreadPool(startIdle)
    const trapped = pool.acquire(256, CPU_LOOP)
    const exited = new Promise<number>((resolve) => trapped.once('exit', resolve))
    await pool.release(trapped, 256, false)
    expect(await exited).toEqual(expect.any(Number))
    expect(pool.acquire(256, CPU_LOOP)).not.toBe(trapped)
  })

  it('told no more are coming, starts no reserve, and still never hands a warmed thread to another module', async () => {
    const pool = new ModuleThreadPool(startIdle)
    pool.expectMore(false)
    const warmed = pool.acquire(256, STOP_LOSS)
    expect(started).toHaveLength(1)
    await pool.release(warmed, 256, true)
    // A module about to be trapped: a new thread, not the one that has imported stop-loss.
    const trapped = pool.acquire(256, CPU_LOOP)
    expect(trapped).not.toBe(warmed)
    expect(started).toHaveLength(2)
    expect(pool.idleThreads(256).map((s) => [...s])).toEqual([[STOP_LOSS]])
    await pool.release(trapped, 256, false)
    expect(pool.acquire(256, STOP_LOSS)).toBe(warmed)
    expect(started).toHaveLength(2)
  })

  it('keeps a reserve again once told more are coming, and when nobody says', () => {
    const pool = new ModuleThreadPool(startIdle)
    pool.expectMore(false)
    pool.acquire(256, PROBE)
    expect(pool.idleThreads(256)).toEqual([])
    pool.expectMore(true)
    pool.acquire(256, CPU_LOOP)
    expect(pool.idleThreads(256).map((s) => s.size)).toEqual([0])
    pool.expectMore(undefined)
    pool.acquire(256, STOP_LOSS) // takes the reserve; another starts
    expect(pool.idleThreads(256).map((s) => s.size)).toEqual([0])
    expect(started).toHaveLength(4)
  })

  it('keeps its reserve for the heap limit most asked for only', () => {
    const pool = new ModuleThreadPool(startIdle)
    pool.acquire(256, PROBE)
    pool.acquire(256, CPU_LOOP)
    pool.acquire(256, STOP_LOSS)
    expect(started).toHaveLength(4) // three handed out, one in reserve
    pool.acquire(32, PROBE)
    pool.acquire(32, CPU_LOOP)
    expect(pool.idleThreads(32)).toEqual([])
    expect(pool.idleThreads(256).map((s) => s.size)).toEqual([0])
    expect(started).toHaveLength(6)
  })

  it('keeps heap limits apart', async () => {
    const pool = new ModuleThreadPool(startIdle)
    const small = pool.acquire(32, PROBE)
    await pool.release(small, 32, true)
    expect(pool.acquire(256, PROBE)).not.toBe(small)
    expect(pool.acquire(32, PROBE)).toBe(small)
  })
})
