// Where a module's worker thread comes from. The live engine starts a fresh one per module and
// terminates it at the end; the harness, which boots thousands of engines, may hand back a
// thread that served an earlier run (its module imports are already compiled).
import { Worker } from 'node:worker_threads'
import { entryFile } from '../project/entry-file.js'

export interface ModuleThreads {
  /**
   * A thread running module-worker, with this heap limit, for the module folder `modulePath`
   * (a pool may prefer a thread that has imported that module already).
   */
  acquire(memoryMb: number, modulePath: string): Worker
  /** The run is over. `reusable`: the thread is idle and healthy; otherwise it is terminated. */
  release(worker: Worker, memoryMb: number, reusable: boolean): Promise<void>
}

const BOOTSTRAP = entryFile('engine/isolation/module-worker', '.mjs')

export function startModuleThread(memoryMb: number): Worker {
  return new Worker(BOOTSTRAP, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: memoryMb } })
}

/** One new thread per module, terminated when its run ends. */
export const freshModuleThreads: ModuleThreads = {
  acquire: startModuleThread,
  release: async (worker) => {
    await worker.terminate()
  },
}
