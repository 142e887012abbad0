import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, type EngineConfig } from '../config/types.js'
import { MemoryStore } from '../store/memory-store.js'
import { openSqliteStore } from '../store/sqlite-store.js'
import { ConnectChainError } from '../transport/viem-rpc-transports.js'
import { createLiveWorld } from './live-world.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-live-world-'))
  dirs.push(dir)
  return dir
}

function config(overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    file: '/x/engine.toml',
    stateDir: null,
    logLevel: 'info',
    limits: DEFAULT_LIMITS,
    chains: [],
    modules: [],
    ...overrides,
  }
}

describe('createLiveWorld', () => {
  it('uses an in-memory store when state_dir is null', async () => {
    const world = await createLiveWorld(config(), { shutdown: new AbortController().signal, out: () => {} })
    expect(world.store).toBeInstanceOf(MemoryStore)
    await world.close()
  })

  it('opens the SQLite store in state_dir and releases it on close (idempotent)', async () => {
    const stateDir = join(tempDir(), 'state')
    const world = await createLiveWorld(config({ stateDir }), { shutdown: new AbortController().signal, out: () => {} })
    world.store.set('m', 'k', new Uint8Array([1]))
    expect(existsSync(join(stateDir, 'local-store.sqlite'))).toBe(true)
    expect(() => openSqliteStore(stateDir)).toThrow()
    await world.close()
    await world.close()
    const reopened = openSqliteStore(stateDir)
    expect(reopened.get('m', 'k')).toEqual(new Uint8Array([1]))
    reopened.close()
  })

  it('prints log events through `out`, filtered by log_level and stamped by the injected clock', async () => {
    const lines: string[] = []
    const world = await createLiveWorld(config({ logLevel: 'warn' }), {
      shutdown: new AbortController().signal,
      out: (l) => lines.push(l),
      now: () => Date.UTC(2026, 10, 27, 14),
    })
    world.telemetry.emit({ type: 'log', level: 'info', target: 'engine', message: 'quiet' })
    world.telemetry.emit({ type: 'log', level: 'warn', target: 'engine', message: 'loud' })
    expect(lines).toEqual(['2026-11-27T14:00:00.000Z  WARN nexum_engine: loud'])
    await world.close()
  })

  it('wires the RPC and sources per chain: an http chain is polled, so opening asks the node for its head', async () => {
    const world = await createLiveWorld(config({ chains: [{ chainId: 1, rpcUrl: 'http://127.0.0.1:1' }] }), {
      shutdown: new AbortController().signal,
      out: () => {},
    })
    expect(world.rpc.forChain(1)).toBeDefined()
    expect(world.rpc.forChain(2)).toBeUndefined()
    await expect(world.sources.openBlocks(1)).rejects.toThrow(/^rpc `eth_blockNumber` failed: HTTP request failed/)
    await world.close()
  })

  it('dials nothing itself: a WebSocket chain is dialled by the engine at boot, under its boot deadline', async () => {
    const stateDir = join(tempDir(), 'state')
    const world = await createLiveWorld(
      config({ stateDir, chains: [{ chainId: 11155111, rpcUrl: 'ws://127.0.0.1:1' }] }),
      {
        shutdown: new AbortController().signal,
        out: () => {},
      },
    )
    await expect(world.rpc.forChain(11155111)?.connect?.()).rejects.toBeInstanceOf(ConnectChainError)
    await world.close()
    openSqliteStore(stateDir).close()
  })

  it('passes the shutdown signal through untouched', async () => {
    const shutdown = new AbortController()
    const world = await createLiveWorld(config(), { shutdown: shutdown.signal, out: () => {} })
    shutdown.abort('SIGTERM')
    expect(world.shutdown.aborted).toBe(true)
    expect(world.shutdown.reason).toBe('SIGTERM')
    await world.close()
  })
})

describe('createLiveWorld with metrics_addr', () => {
  it('serves /metrics and /healthz on the configured address while open, and frees the port on close', async () => {
    const lines: string[] = []
    const world = await createLiveWorld(
      { ...config(), metricsAddr: { host: '127.0.0.1', port: 0 } },
      { shutdown: new AbortController().signal, out: (line) => lines.push(line) },
    )
    const port = /metrics listening addr=127\.0\.0\.1:(\d+)$/.exec(lines.join('\n'))?.[1]
    expect(port).toBeDefined()
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
    world.telemetry.emit({ type: 'dispatch', module: 'm', event: 'block', chainId: 1, number: 1, outcome: 'ok' })
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    expect(text).toContain('nexum_module_dispatches_total{module="m",event="block",outcome="ok"} 1')
    await world.close()
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
  })

  it('a metrics_addr that cannot be bound fails the boot, naming it, and opens nothing else', async () => {
    const first = await createLiveWorld(
      { ...config(), metricsAddr: { host: '127.0.0.1', port: 0 } },
      { shutdown: new AbortController().signal, out: () => {} },
    )
    const lines: string[] = []
    const stateDir = join(tempDir(), 'state')
    const probe = await createLiveWorld(
      { ...config(), metricsAddr: { host: '127.0.0.1', port: 0 } },
      { shutdown: new AbortController().signal, out: (l) => lines.push(l) },
    )
    const port = Number(/addr=127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))?.[1])
    await expect(
      createLiveWorld(
        { ...config({ stateDir }), metricsAddr: { host: '127.0.0.1', port } },
        {
          shutdown: new AbortController().signal,
          out: () => {},
        },
      ),
    ).rejects.toThrow(`metrics_addr 127.0.0.1:${port}: cannot listen: listen EADDRINUSE`)
    expect(existsSync(stateDir)).toBe(false)
    await probe.close()
    await first.close()
  })
})
