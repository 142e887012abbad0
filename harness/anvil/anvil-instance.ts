// A prool instance built on the harness's own anvil spawn (start-anvil.ts): port 0 (anvil picks a
// free port, no races), 127.0.0.1 only, a temporary --cache-path, stopped by PID, and no execa
// (whose force-kill timer keeps Node alive 5 s after every stop; decision 0006).
// prool's `start` only marks the slot ready; `boot` starts anvil for one chain: its chain id,
// head and fork differ per scenario, and anvil can change neither the chain id nor the block
// number of a running chain, so each lease boots a fresh process (≈ 30 ms).
import { type AnvilProcess, type StartAnvilOptions, startAnvil } from './start-anvil.js'
import { Instance } from './prool.js'

export interface AnvilSlot {
  /** Starts anvil with these options, stopping the previous one first. */
  boot(options: StartAnvilOptions): Promise<AnvilProcess>
  /** Stops the running anvil, if any (its temp folder goes with it). */
  halt(): Promise<void>
  /** The running anvil, if any. */
  readonly process: AnvilProcess | undefined
}

export const anvilSlot = Instance.define(() => {
  let current: AnvilProcess | undefined
  const halt = async () => {
    const running = current
    current = undefined
    await running?.stop()
  }
  const slot: AnvilSlot = {
    async boot(options) {
      await halt()
      current = await startAnvil(options)
      return current
    },
    halt,
    get process() {
      return current
    },
  }
  return {
    _internal: slot,
    name: 'anvil',
    host: '127.0.0.1',
    port: 0,
    async start() {},
    async stop() {
      await halt()
    },
  }
})
