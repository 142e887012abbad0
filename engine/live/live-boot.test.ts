// The live engine's boot against endpoints that misbehave, on real loopback sockets: one that
// accepts TCP and never answers, a WebSocket node that never answers `eth_chainId`, one that
// reports another chain, one that never answers `eth_subscribe`. Each ends the boot within the
// boot deadline (exit 1) with a line naming the chain, the endpoint's origin and the step.
import { createServer as createHttpServer } from 'node:http'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { DEFAULT_LIMITS, type EngineConfig } from '../config/types.js'
import { runEngine } from '../run-engine.js'
import { createLiveWorld } from './live-world.js'

const PROBE = fileURLToPath(new URL('../../modules/fixtures/probe', import.meta.url))
const SEPOLIA = 11155111
const SECRET = 'SECRETKEY123'

interface Endpoint {
  port: number
  close(): Promise<void>
}

const endpoints: Endpoint[] = []
afterEach(async () => {
  for (const e of endpoints.splice(0)) await e.close()
})

/** Accepts TCP connections and never writes a byte (no HTTP answer, no WebSocket handshake). */
async function silentTcp(): Promise<Endpoint> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  })
  return listen(server, sockets)
}

/** A WebSocket JSON-RPC node: `answer` returns the result, or undefined to never answer. */
async function wsNode(answer: (method: string) => unknown): Promise<Endpoint & { methods: string[] }> {
  const sockets = new Set<Socket>()
  const http = createHttpServer()
  const wss = new WebSocketServer({ server: http })
  const methods: string[] = []
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id: number; method: string }
      methods.push(message.method)
      const result = answer(message.method)
      if (result !== undefined) ws.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }))
    })
  })
  http.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const endpoint = await listen(http as unknown as Server, sockets, () => wss.close())
  return { ...endpoint, methods }
}

async function listen(server: Server, sockets: Set<Socket>, before?: () => void): Promise<Endpoint> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint: Endpoint = {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        before?.()
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  endpoints.push(endpoint)
  return endpoint
}

function config(rpcUrl: string, bootDeadlineMs = 300): EngineConfig {
  return {
    file: '/x/engine.toml',
    stateDir: null,
    logLevel: 'info',
    isolation: 'in-process',
    limits: { ...DEFAULT_LIMITS, bootDeadlineMs },
    chains: [{ chainId: SEPOLIA, rpcUrl }],
    modules: [
      {
        path: PROBE,
        manifestPath: `${PROBE}/module.toml`,
        subscriptions: [{ kind: 'block', chainId: SEPOLIA }],
        keyPath: 'modules[0]',
      },
    ],
  }
}

async function boot(rpcUrl: string, options: { shutdown?: AbortController; bootDeadlineMs?: number } = {}) {
  const lines: string[] = []
  const cfg = config(rpcUrl, options.bootDeadlineMs)
  const shutdown = options.shutdown ?? new AbortController()
  const world = await createLiveWorld(cfg, { shutdown: shutdown.signal, out: (l) => void lines.push(l) })
  const started = performance.now()
  try {
    const exit = await runEngine(cfg, world).exit
    return { exit, lines, text: lines.join('\n'), ms: performance.now() - started }
  } finally {
    await world.close()
  }
}

describe('the live engine boot is bounded by [engine.limits] boot_deadline_secs', () => {
  it('a ws:// endpoint that accepts TCP and never completes the handshake: boot fails at the deadline, naming the step', async () => {
    const { port } = await silentTcp()
    const run = await boot(`ws://127.0.0.1:${port}/v3/${SECRET}`)
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    const failed = run.lines.find((l) => l.includes('boot failed'))
    expect(failed).toMatch(
      new RegExp(
        `ERROR nexum_engine: boot failed error=".*did not finish within the 300ms boot deadline" chain_id=${SEPOLIA} url=ws://127\\.0\\.0\\.1:${port}#fp-[0-9a-f]{8} step="connect \\(TCP and WebSocket handshake\\)" boot_deadline_ms=300`,
      ),
    )
    expect(run.text).not.toContain(SECRET)
    expect(run.ms).toBeLessThan(5_000)
  })

  it('an http:// endpoint that accepts TCP and never answers: the eth_chainId step hangs, boot fails', async () => {
    const { port } = await silentTcp()
    const run = await boot(`http://127.0.0.1:${port}/${SECRET}`)
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(run.text).toMatch(
      new RegExp(`boot failed .*chain_id=${SEPOLIA} url=http://127\\.0\\.0\\.1:${port}#fp-\\w+ step=eth_chainId`),
    )
    expect(run.text).not.toContain(SECRET)
  })

  it('a WebSocket node that never answers eth_chainId', async () => {
    const node = await wsNode(() => undefined)
    const run = await boot(`ws://127.0.0.1:${node.port}`)
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(run.text).toMatch(
      new RegExp(`boot failed .*chain_id=${SEPOLIA} url=ws://127\\.0\\.0\\.1:${node.port} step=eth_chainId`),
    )
    expect(node.methods).toEqual(['eth_chainId'])
    expect(run.text).not.toContain('init succeeded') // no module loaded before the chains were checked
  })

  it('a node that reports another chain id refuses boot, naming the config key, expected and found', async () => {
    const node = await wsNode((method) => (method === 'eth_chainId' ? '0x1' : undefined))
    const run = await boot(`ws://127.0.0.1:${node.port}`)
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(run.exit.error).toBe(
      `chains.${SEPOLIA}: expected the endpoint ws://127.0.0.1:${node.port} to report chain id ${SEPOLIA} (eth_chainId 0xaa36a7), found chain id 1 (eth_chainId 0x1)`,
    )
    expect(node.methods).toEqual(['eth_chainId'])
  })

  it('a node that never answers eth_subscribe: boot fails at the deadline, naming the subscription', async () => {
    const node = await wsNode((method) => (method === 'eth_chainId' ? '0xaa36a7' : undefined))
    const run = await boot(`ws://127.0.0.1:${node.port}`)
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(run.text).toMatch(/boot failed .*step=eth_subscribe\(newHeads\)/)
    expect(node.methods).toEqual(['eth_chainId', 'eth_subscribe'])
    expect(run.text).toContain('init succeeded')
  })

  it('a node that answers boots as before (the check costs one eth_chainId)', async () => {
    const node = await wsNode((method) =>
      method === 'eth_chainId' ? '0xaa36a7' : method === 'eth_subscribe' ? '0x01' : true,
    )
    const shutdown = new AbortController()
    const running = boot(`ws://127.0.0.1:${node.port}`, { shutdown })
    await expect.poll(() => node.methods.includes('eth_subscribe')).toBe(true)
    await new Promise((r) => setTimeout(r, 50))
    shutdown.abort('SIGTERM')
    const run = await running
    expect(run.exit).toMatchObject({ reason: 'signal', code: 0 })
    expect(run.text).toContain('block subscription open')
  })

  it('a signal while the handshake hangs ends the boot at once with exit 0 (the deadline is not waited for)', async () => {
    const { port } = await silentTcp()
    const shutdown = new AbortController()
    setTimeout(() => shutdown.abort('SIGTERM'), 100)
    const run = await boot(`ws://127.0.0.1:${port}`, { shutdown, bootDeadlineMs: 60_000 })
    expect(run.exit).toMatchObject({ reason: 'signal', code: 0 })
    expect(run.ms).toBeLessThan(5_000)
  })

  it('a port nobody listens on fails at once with the Rust engine’s wording', async () => {
    const run = await boot('ws://127.0.0.1:1', { bootDeadlineMs: 60_000 })
    expect(run.exit).toMatchObject({ reason: 'boot-failed', code: 1 })
    expect(run.exit.error).toMatch(/^connect chain 11155111: .*ECONNREFUSED/)
  })
})
