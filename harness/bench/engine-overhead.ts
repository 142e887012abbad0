// The engine alone: 7,200 blocks pushed through real sources to one module, no harness steps or
// quiescence in between. Measures dispatch overhead (docs/performance.md: ≤ 100 ms), and the cost of
// isolation (decision 0024): probe logs one line per block (a one-way message when isolated),
// slow makes one chain request per block (a round trip when isolated).
import { DEFAULT_LIMITS, type EngineConfig } from '../../engine/config/types.js'
import type { IsolationMode } from '../../engine/isolation/module-runner.js'
import { importModuleFolder } from '../../engine/module-loader.js'
import { seededRandom } from '../../engine/random/random-seeded.js'
import { runEngine } from '../../engine/run-engine.js'
import { ChannelStream } from '../../engine/sources/channel-stream.js'
import type { BlockHeader, SourceFactory } from '../../engine/sources/source.js'
import { MemoryStore } from '../../engine/store/memory-store.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { projectPath } from '../../engine/project/package-root.js'

const SEPOLIA_HEX = `0x${(11_155_111).toString(16)}`
const FIXTURES = projectPath('modules', 'fixtures')

export interface OverheadOptions {
  module?: 'probe' | 'slow' | undefined
  isolation?: IsolationMode | undefined
}

export async function engineOverhead(
  blocks: number,
  options: OverheadOptions = {},
): Promise<{ ms: number; dispatched: number }> {
  const PROBE = `${FIXTURES}/${options.module ?? 'probe'}`
  const stream = new ChannelStream<BlockHeader>()
  const sources: SourceFactory = {
    openBlocks: async () => stream,
    openLogs: () => Promise.reject(new Error('no logs in this benchmark')),
  }
  const code = await importModuleFolder({ path: PROBE, manifestPath: `${PROBE}/module.toml`, keyPath: 'modules[0]' })
  let dispatched = 0
  let allDone!: () => void
  const done = new Promise<void>((r) => (allDone = r))
  const shutdown = new AbortController()
  const config: EngineConfig = {
    file: '(benchmark)',
    stateDir: null,
    logLevel: 'info',
    isolation: options.isolation ?? 'in-process',
    limits: DEFAULT_LIMITS,
    chains: [{ chainId: 11155111 }],
    modules: [
      {
        path: PROBE,
        manifestPath: `${PROBE}/module.toml`,
        keyPath: 'modules[0]',
        subscriptions: [{ kind: 'block', chainId: 11155111 }],
      },
    ],
  }
  const run = runEngine(config, {
    clock: new VirtualClock(1_750_000_000_000),
    random: seededRandom(1),
    // Boot checks each chain's id (decision 0028); every other request gets a constant.
    rpc: { forChain: () => ({ request: async (method) => (method === 'eth_chainId' ? SEPOLIA_HEX : '0x2a') }) },
    sources,
    fetch: () => Promise.reject(new Error('no orderbook in this benchmark')),
    store: new MemoryStore(),
    telemetry: {
      emit: (e) => {
        if (e.type === 'dispatch' && ++dispatched === blocks) allDone()
      },
    },
    shutdown: shutdown.signal,
    loadModule: async () => code,
  })
  while (run.status() !== 'waiting') {
    // A boot that fails would leave this loop spinning for ever: say why instead.
    if (run.status() === 'exited')
      throw new Error(`the benchmark engine exited at boot: ${JSON.stringify(await run.exit)}`)
    await new Promise((r) => setImmediate(r))
  }
  const started = performance.now()
  for (let n = 0; n < blocks; n++)
    stream.push({
      number: 7_000_000 + n,
      hash: `0x${n.toString(16).padStart(64, '0')}`,
      timestamp: 1_750_000_000 + 12 * n,
    })
  await done
  const ms = performance.now() - started
  shutdown.abort('SIGTERM')
  await run.exit
  return { ms, dispatched }
}
