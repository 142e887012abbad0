import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate as flush } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../test/support/temp-dir.js'
import { VirtualClock } from './clock/virtual-clock.js'
import { DEFAULT_LIMITS, type EngineConfig, type ModuleEntry } from './config/types.js'
import { HostError } from './module-api/host-error.js'
import type { EngineModule, ModuleConfig } from './module-api/module.js'
import type { ModuleEvent } from './module-api/events.js'
import type { EngineEvent } from './observe/telemetry.js'
import { seededRandom } from './random/random-seeded.js'
import { runEngine } from './run-engine.js'
import { ChannelStream } from './sources/channel-stream.js'
import type { BlockHeader, LogFilter, RawLog, SourceFactory } from './sources/source.js'
import { MemoryStore } from './store/memory-store.js'
import type { EngineWorld } from './world.js'

/** Streams the test pushes into, recorded per chain / per log filter owner. */
class TestSources implements SourceFactory {
  blocks = new Map<number, ChannelStream<BlockHeader>>()
  logs = new Map<string, ChannelStream<RawLog>>()
  filters: { chainId: number; filter: LogFilter; module: string }[] = []
  async openBlocks(chainId: number) {
    const s = new ChannelStream<BlockHeader>()
    this.blocks.set(chainId, s)
    return s
  }
  async openLogs(chainId: number, filter: LogFilter, module: string) {
    const s = new ChannelStream<RawLog>()
    this.logs.set(module, s)
    this.filters.push({ chainId, filter, module })
    return s
  }
}

type Behaviour = Partial<{ init: EngineModule['init']; onEvent: EngineModule['onEvent'] }>

function setup(
  modules: { name: string; manifest?: string; behaviour?: Behaviour; entry?: Partial<ModuleEntry> }[],
  chains = [11155111],
) {
  const root = tempDir('nexum-engine-')
  const received: { module: string; event: ModuleEvent }[] = []
  const inits: { module: string; config: ModuleConfig }[] = []
  const code = new Map<string, EngineModule>()
  const entries: ModuleEntry[] = modules.map((m, i) => {
    const path = join(root, `m${i}`)
    mkdirSync(path)
    writeFileSync(
      join(path, 'module.toml'),
      m.manifest ??
        `[module]\nname = "${m.name}"\n[capabilities]\nrequired = ["logging", "local-store"]\n[[subscription]]\nkind = "block"\nchain_id = 11155111\n`,
    )
    code.set(path, {
      init: async (config, host) => {
        inits.push({ module: host.moduleName, config })
        await m.behaviour?.init?.(config, host)
      },
      onEvent: async (event, host) => {
        received.push({ module: host.moduleName, event })
        await m.behaviour?.onEvent?.(event, host)
      },
    })
    return { path, manifestPath: join(path, 'module.toml'), keyPath: `modules[${i}]`, ...m.entry }
  })
  const config: EngineConfig = {
    file: join(root, 'engine.toml'),
    stateDir: null,
    logLevel: 'info',
    limits: { ...DEFAULT_LIMITS, dispatchDeadlineMs: 1_000 },
    chains: chains.map((chainId) => ({ chainId })),
    modules: entries,
  }
  const events: EngineEvent[] = []
  const shutdown = new AbortController()
  const clock = new VirtualClock(1_750_000_000_000)
  const sources = new TestSources()
  const store = new MemoryStore()
  const world: EngineWorld = {
    clock,
    random: seededRandom(1),
    rpc: { forChain: () => undefined },
    sources,
    fetch: () => Promise.reject(new Error('no orderbook in this test')),
    store,
    telemetry: { emit: (e) => events.push(e) },
    shutdown: shutdown.signal,
    loadModule: async (entry) => code.get(entry.path)!,
  }
  const run = runEngine(config, world)
  current = run
  const lines = () => events.flatMap((e) => (e.type === 'log' ? [`${e.level} ${e.message}`] : []))
  return { run, config, world, clock, sources, store, shutdown, events, received, inits, lines }
}

/** Boot reads manifests from disk (real I/O): wait for it to finish, then flush the microtasks. */
let current: { status(): string } | undefined
async function settle() {
  for (let i = 0; i < 5_000 && current && ['booting', 'initialising'].includes(current.status()); i++) {
    await new Promise((r) => setTimeout(r, 1))
  }
  for (let i = 0; i < 20; i++) await flush()
}

const header = (n: number): BlockHeader => ({ number: n, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_700_000_000 })
const blockLogModule = (name: string) =>
  `[module]\nname = "${name}"\n[capabilities]\nrequired = ["logging"]\n[[subscription]]\nkind = "log"\nchain_id = 11155111\naddress = "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74"\nevent_signature = "0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361"\n`

describe('runEngine', () => {
  it('exits at once with nothing-to-run (status 0) when no module subscribes to anything', async () => {
    const t = setup([{ name: 'quiet', manifest: '[module]\nname = "quiet"\n' }])
    expect(await t.run.exit).toEqual({ reason: 'nothing-to-run', code: 0 })
    expect(t.lines()).toContain('info no [[subscription]] entries - engine has nothing to run; exiting')
  })

  it('boots modules in order and passes the flattened [config], or name when it is empty', async () => {
    const t = setup([
      {
        name: 'first',
        manifest:
          '[module]\nname = "first"\n[config]\nb = 2\na = "x"\n[[subscription]]\nkind = "block"\nchain_id = 11155111\n',
      },
      { name: 'second' },
    ])
    await settle()
    expect(t.inits).toEqual([
      { module: 'first', config: { b: '2', a: 'x' } },
      { module: 'second', config: { name: 'second' } },
    ])
    expect(t.run.status()).toBe('waiting')
    t.shutdown.abort('SIGTERM')
    expect(await t.run.exit).toEqual({ reason: 'signal', code: 0, signal: 'SIGTERM' })
  })

  it('fans a block out to every alive module subscribed on its chain, timestamp in ms', async () => {
    const t = setup(
      [
        { name: 'sepolia' },
        { name: 'mainnet', manifest: '[module]\nname = "mainnet"\n[[subscription]]\nkind = "block"\nchain_id = 1\n' },
      ],
      [1, 11155111],
    )
    await settle()
    t.sources.blocks.get(11155111)!.push(header(19_000_000))
    await settle()
    expect(t.received).toEqual([
      {
        module: 'sepolia',
        event: {
          kind: 'block',
          block: { chainId: 11155111, number: 19_000_000, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_700_000_000_000 },
        },
      },
    ])
    t.shutdown.abort('SIGTERM')
    await t.run.exit
  })

  it('delivers a log only to the module that owns the subscription, dropping `removed`', async () => {
    const t = setup([{ name: 'owner', manifest: blockLogModule('owner') }, { name: 'bystander' }])
    await settle()
    expect(t.sources.filters).toEqual([
      {
        chainId: 11155111,
        module: 'owner',
        filter: {
          address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74',
          topic0: '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361',
        },
      },
    ])
    t.sources.logs
      .get('owner')!
      .push({ address: '0xFDAFC9D1902F4E0B84F65F49F244B32B31013B74', topics: [], data: '0x01', removed: true })
    await settle()
    expect(t.received).toEqual([
      {
        module: 'owner',
        event: {
          kind: 'logs',
          logs: [
            {
              chainId: 11155111,
              address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74',
              topics: [],
              data: '0x01',
              blockNumber: 0,
              transactionHash: '0x',
              logIndex: 0,
            },
          ],
        },
      },
    ])
    t.shutdown.abort('SIGTERM')
    await t.run.exit
  })

  it('marks a trapping module dead for the rest of the run; the others go on', async () => {
    const t = setup([
      {
        name: 'bomb',
        behaviour: {
          onEvent: async () => {
            throw new Error('kaboom')
          },
        },
      },
      { name: 'witness' },
    ])
    await settle()
    for (const n of [1, 2, 3]) t.sources.blocks.get(11155111)!.push(header(n))
    await settle()
    expect(t.received.map((r) => r.module)).toEqual(['bomb', 'witness', 'witness', 'witness'])
    expect(t.lines()).toContain('error on-event trapped - module marked dead, removed from dispatch')
    t.shutdown.abort('SIGTERM')
    await t.run.exit
  })

  it('keeps a module that returns a host error alive', async () => {
    const fail = new HostError({ domain: 'x', kind: 'internal', code: 1, message: 'nope' })
    const t = setup([
      {
        name: 'grumpy',
        behaviour: {
          onEvent: async () => {
            throw fail
          },
        },
      },
    ])
    await settle()
    t.sources.blocks.get(11155111)!.push(header(1))
    t.sources.blocks.get(11155111)!.push(header(2))
    await settle()
    expect(t.received).toHaveLength(2)
    expect(t.lines().filter((l) => l === 'warn on-event returned host-error')).toHaveLength(2)
    t.shutdown.abort('SIGTERM')
    await t.run.exit
  })

  it('keeps a module whose init returned a host error in dispatch (the Rust engine), and aborts boot on an init trap', async () => {
    const soft = setup([
      {
        name: 'soft',
        behaviour: {
          init: async () => {
            throw new HostError({ domain: 'soft', kind: 'invalid-input', code: 0, message: 'bad config' })
          },
        },
      },
    ])
    await settle()
    soft.sources.blocks.get(11155111)!.push(header(1))
    await settle()
    expect(soft.lines()).toContain('warn init failed')
    expect(soft.received).toHaveLength(1)
    soft.shutdown.abort('SIGTERM')
    await soft.run.exit

    const hard = setup([
      {
        name: 'hard',
        behaviour: {
          init: async () => {
            throw new TypeError('undefined is not a function')
          },
        },
      },
    ])
    const exit = await hard.run.exit
    expect(exit.reason).toBe('boot-failed')
    expect(exit.code).toBe(1)
    expect(exit.error).toContain('hard')
  })

  it('traps a dispatch that passes its deadline and revokes the zombie’s host', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let lateWrite: unknown
    const t = setup([
      {
        name: 'hung',
        behaviour: {
          onEvent: async (_e, host) => {
            await gate
            lateWrite = await host.localStore.set('late', new Uint8Array([1])).then(
              () => 'written',
              (e: unknown) => e,
            )
          },
        },
      },
      { name: 'next' },
    ])
    await settle()
    t.sources.blocks.get(11155111)!.push(header(1))
    await settle()
    expect(t.run.status()).toBe('dispatching')
    t.clock.advanceBy(1_000)
    await settle()
    expect(t.lines()).toContain('error on-event trapped - module marked dead, removed from dispatch')
    expect(t.received.map((r) => r.module)).toEqual(['hung', 'next'])
    release()
    await settle()
    expect(lateWrite).toBeInstanceOf(HostError)
    expect(t.store.get('hung', 'late')).toBeUndefined()
    t.shutdown.abort('SIGTERM')
    await t.run.exit
    expect(t.clock.pendingTimers().length).toBe(0)
  })

  it('refuses two modules with the same name at boot', async () => {
    const t = setup([{ name: 'twin' }, { name: 'twin' }])
    const exit = await t.run.exit
    expect(exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(exit.error).toMatch(/modules\[0\].*modules\[1\]|modules\[1\].*modules\[0\]/)
  })

  it('stops with block-stream-ended (status 3) when the block stream ends', async () => {
    const t = setup([{ name: 'watcher' }])
    await settle()
    t.sources.blocks.get(11155111)!.end()
    expect(await t.run.exit).toEqual({ reason: 'block-stream-ended', code: 3 })
    expect(t.lines()).toContain('warn block stream ended (WebSocket dropped?) - shutting down for restart')
  })

  it('warns and keeps idling when a subscription names a chain with no [chains] entry', async () => {
    const t = setup([
      { name: 'lost', manifest: '[module]\nname = "lost"\n[[subscription]]\nkind = "block"\nchain_id = 5\n' },
    ])
    await settle()
    expect(t.lines()).toContain('warn block subscription failed')
    expect(t.run.status()).toBe('waiting')
    t.shutdown.abort('SIGINT')
    expect(await t.run.exit).toEqual({ reason: 'signal', code: 0, signal: 'SIGINT' })
  })
})

describe('runEngine: bounded shutdown (issue 9)', () => {
  const never = () => new Promise<void>(() => {})

  it('a signal stops the block fan-out at the next module boundary; the rest are skipped, and said so', async () => {
    let release!: () => void
    const t = setup([
      { name: 'first', behaviour: { onEvent: () => new Promise<void>((r) => (release = r)) } },
      { name: 'second' },
      { name: 'third' },
    ])
    await settle()
    t.sources.blocks.get(11155111)!.push(header(1))
    await settle()
    t.shutdown.abort('SIGTERM')
    release()
    expect(await t.run.exit).toEqual({ reason: 'signal', code: 0, signal: 'SIGTERM' })
    expect(t.received.map((r) => r.module)).toEqual(['first'])
    expect(t.events).toContainEqual({
      type: 'dispatch-skipped',
      modules: ['second', 'third'],
      chainId: 11155111,
      number: 1,
      reason: 'shutdown',
    })
    expect(t.lines()).toContain('info shutdown signal - block fan-out stopped, modules not dispatched')
  })

  it('a call still running when the drain deadline passes: exit 1, drain-timeout, named', async () => {
    const t = setup([{ name: 'hung', behaviour: { onEvent: never } }, { name: 'next' }])
    t.config.limits.dispatchDeadlineMs = 120_000
    t.config.limits.drainDeadlineMs = 10_000
    await settle()
    t.sources.blocks.get(11155111)!.push(header(1))
    await settle()
    t.shutdown.abort('SIGTERM')
    await settle()
    t.clock.advanceBy(9_999)
    await settle()
    expect(t.run.status()).not.toBe('exited')
    t.clock.advanceBy(1)
    expect(await t.run.exit).toEqual({ reason: 'drain-timeout', code: 1, signal: 'SIGTERM' })
    expect(t.lines()).toContain(
      'error shutdown: the running module call outlived the drain deadline - exiting without it',
    )
    expect(t.received.map((r) => r.module)).toEqual(['hung'])
  })

  it('SIGTERM during a hung init exits 0 at once, and the modules after it never start', async () => {
    const t = setup([{ name: 'stuck', behaviour: { init: never } }, { name: 'later' }])
    t.config.limits.dispatchDeadlineMs = 120_000
    for (let i = 0; i < 5_000 && t.run.status() !== 'initialising'; i++) await new Promise((r) => setTimeout(r, 1))
    t.shutdown.abort('SIGTERM')
    expect(await t.run.exit).toEqual({ reason: 'signal', code: 0, signal: 'SIGTERM' })
    expect(t.inits.map((i) => i.module)).toEqual(['stuck'])
  })
})
