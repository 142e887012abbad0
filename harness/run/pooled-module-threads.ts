// Module threads for simulations: a run hands its idle threads back and the next run reuses them,
// so a library of scenarios starts each thread (tsx, the module imports) once, not once per boot.
// Each load gets a fresh host object, which is what modules key their state on (decision 0043).
import type { Worker } from 'node:worker_threads'
import { type ModuleThreads, startModuleThread } from '../../engine/isolation/module-threads.js'

const idle = new Map<number, Worker[]>()

export const pooledModuleThreads: ModuleThreads = {
  acquire(memoryMb) {
    const worker = idle.get(memoryMb)?.pop() ?? startModuleThread(memoryMb)
    worker.ref()
    return worker
  },
  async release(worker, memoryMb, reusable) {
    if (!reusable) {
      await worker.terminate()
      return
    }
    // An idle pooled thread never keeps the process alive.
    worker.unref()
    const list = idle.get(memoryMb) ?? []
    list.push(worker)
    idle.set(memoryMb, list)
  },
}
