// Module threads for simulations: a run hands its idle threads back and the next run reuses them,
// so a library of scenarios starts each thread (tsx, the module imports) once, not once per boot.
// Each load gets a fresh host object, which is what modules key their state on (decision 0043).
//
// Which idle thread a module gets (decision 0172): one that has imported that module folder
// already (importing stop-loss in a thread costs ~0.7 s: viem and the SDK through tsx), else a
// fresh one, else a new one: a module that is trapped (and its thread terminated) never takes a
// thread warmed for another module. A fresh thread waits in reserve, started in the background
// when the last one is handed out, so the next isolated module does not wait for a thread to
// start; but only while more are coming (decision 0244): for the heap limit most asked for, and
// not once the runner says no file asking for worker isolation is ahead (a run's last reserves
// were started and never used: ~30 ms of CPU each).
import type { Worker } from 'node:worker_threads'
import { type ModuleThreads, startModuleThread } from '../../engine/isolation/module-threads.js'

interface PooledThread {
  worker: Worker
  /** Module folders this thread has imported (ESM keeps them for the thread's life). */
  imported: Set<string>
}

export class ModuleThreadPool implements ModuleThreads {
  readonly #idle = new Map<number, PooledThread[]>()
  readonly #imported = new WeakMap<Worker, Set<string>>()
  /** Threads asked for, per heap limit, over the pool's life. */
  readonly #asked = new Map<number, number>()
  #moreAhead: boolean | undefined

  constructor(private readonly start: (memoryMb: number) => Worker = startModuleThread) {}

  /**
   * Told by a runner before each scenario file it runs on this thread (decision 0244): whether
   * files asking for worker isolation are still ahead of it. `false`: no reserve is started;
   * `undefined` (nobody knows: a caller running scenarios one by one) keeps one, as before.
   */
  expectMore(more: boolean | undefined): void {
    this.#moreAhead = more
  }

  acquire(memoryMb: number, modulePath: string): Worker {
    this.#asked.set(memoryMb, (this.#asked.get(memoryMb) ?? 0) + 1)
    const list = this.#idle.get(memoryMb) ?? []
    const at = pick(list, modulePath)
    const thread = at === -1 ? this.#fresh(memoryMb) : list.splice(at, 1)[0]!
    if (this.#keepsReserve(memoryMb) && !list.some((t) => t.imported.size === 0))
      this.#park(memoryMb, this.#fresh(memoryMb))
    thread.imported.add(modulePath)
    thread.worker.ref()
    return thread.worker
  }

  async release(worker: Worker, memoryMb: number, reusable: boolean): Promise<void> {
    if (!reusable) {
      await worker.terminate()
      return
    }
    this.#park(memoryMb, { worker, imported: this.#imported.get(worker) ?? new Set() })
  }

  /** What each idle thread of this heap limit has imported, oldest first (tests, diagnostics). */
  idleThreads(memoryMb: number): ReadonlySet<string>[] {
    return (this.#idle.get(memoryMb) ?? []).map((t) => t.imported)
  }

  /** A reserve for the heap limit most asked for, unless the runner said no more are coming. */
  #keepsReserve(memoryMb: number): boolean {
    if (this.#moreAhead === false) return false
    const asked = this.#asked.get(memoryMb) ?? 0
    for (const other of this.#asked.values()) if (other > asked) return false
    return true
  }

  #fresh(memoryMb: number): PooledThread {
    const worker = this.start(memoryMb)
    const imported = new Set<string>()
    this.#imported.set(worker, imported)
    return { worker, imported }
  }

  #park(memoryMb: number, thread: PooledThread): void {
    // An idle pooled thread never keeps the process alive.
    thread.worker.unref()
    const list = this.#idle.get(memoryMb) ?? []
    list.push(thread)
    this.#idle.set(memoryMb, list)
  }
}

/** The idle thread that has imported `modulePath`, else a fresh one; -1: neither is idle (a new one starts). */
function pick(list: readonly PooledThread[], modulePath: string): number {
  let fresh = -1
  for (let i = list.length - 1; i >= 0; i--) {
    const thread = list[i]!
    if (thread.imported.has(modulePath)) return i
    if (fresh === -1 && thread.imported.size === 0) fresh = i
  }
  return fresh
}

/** The process's pool: every simulation of the process shares it. */
export const pooledModuleThreads = new ModuleThreadPool()
