// The live engine against a real anvil (chain id 11155111, 127.0.0.1, temp --cache-path, stopped
// by PID): first the WebSocket pieces in-process (viem transports, eth_subscribe sources), then
// `nexum-sim engine` as a child process, so signals and exit statuses are real.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createWsSources } from '../engine/sources/ws-sources.js'
import type { BlockHeader, EventStream, RawLog, StreamItem } from '../engine/sources/source.js'
import { RpcError } from '../engine/transport/rpc-transport.js'
import { createViemRpcTransports, type ViemRpcTransports } from '../engine/transport/viem-rpc-transports.js'
import { startAnvil, type AnvilProcess } from '../harness/anvil/start-anvil.js'

const SEPOLIA = 11155111
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'nexum-sim.mjs')

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function anvil(): Promise<AnvilProcess> {
  const node = await startAnvil({ chainId: SEPOLIA, timestamp: 1_790_000_000 })
  cleanups.push(() => node.stop())
  return node
}

// biome-ignore lint/suspicious/noExplicitAny: a test helper reading loosely typed JSON-RPC results
async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

/** Anvil automines a transaction just after answering eth_sendTransaction: poll for the receipt. */
async function receipt(url: string, hash: string): Promise<{ contractAddress: `0x${string}`; blockNumber: string }> {
  for (;;) {
    const found = await rpc(url, 'eth_getTransactionReceipt', [hash])
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function take<T>(stream: EventStream<T>, count: number): Promise<StreamItem<T>[]> {
  const items: StreamItem<T>[] = []
  const iterator = stream[Symbol.asyncIterator]()
  while (items.length < count) {
    const next = await iterator.next()
    if (next.done) break
    items.push(next.value)
  }
  return items
}

function values<T>(items: StreamItem<T>[]): T[] {
  return items.map((item) => {
    if (!item.ok) throw item.error
    return item.value
  })
}

// Init code that deploys a contract whose every call emits LOG1(topic) with no data.
const TOPIC = `0x${'5e'.repeat(32)}` as const
const RUNTIME = `7f${TOPIC.slice(2)}60006000a100`
const INIT_CODE = `0x6027600c60003960276000f3${RUNTIME}`

describe('viem transports and WebSocket sources against anvil', () => {
  async function connected(node: AnvilProcess): Promise<ViemRpcTransports> {
    const transports = createViemRpcTransports([{ chainId: SEPOLIA, rpcUrl: node.wsUrl }])
    cleanups.push(() => transports.close())
    await transports.connect()
    return transports
  }

  it('requests over the socket, and maps a node error to RpcError', async () => {
    const transports = await connected(await anvil())
    const chain = transports.forChain(SEPOLIA)!
    expect(await chain.request('eth_chainId', [])).toBe('0xaa36a7')
    const error = await chain.request('eth_getBalance', ['not-an-address', 'latest']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect((error as RpcError).code).toBe(-32602)
  })

  it('two transport sets on one node have their own sockets: closing one leaves the other working', async () => {
    const node = await anvil()
    const first = await connected(node)
    const second = await connected(node)
    await first.close()
    await expect(first.forChain(SEPOLIA)!.request('eth_chainId', [])).rejects.toThrow(/transport is closed/)
    expect(await second.forChain(SEPOLIA)!.request('eth_chainId', [])).toBe('0xaa36a7')
  })

  it('delivers every newHead in order, with no gaps, while blocks are mined concurrently', async () => {
    const node = await anvil()
    const transports = await connected(node)
    const sources = createWsSources([{ chainId: SEPOLIA, rpcUrl: node.wsUrl }], transports)
    cleanups.push(() => sources.close())
    const stream = await sources.openBlocks(SEPOLIA)
    await Promise.all(Array.from({ length: 30 }, () => rpc(node.url, 'evm_mine')))
    const heads = values(await take(stream, 30))
    expect(heads.map((h) => h.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    const block7 = await rpc(node.url, 'eth_getBlockByNumber', ['0x7', false])
    expect(heads[6]).toEqual<BlockHeader>({ number: 7, hash: block7.hash, timestamp: Number(block7.timestamp) })
  })

  it('delivers logs matching address AND topic0', async () => {
    const node = await anvil()
    const transports = await connected(node)
    const [from] = (await rpc(node.url, 'eth_accounts')) as string[]
    const deployTx = await rpc(node.url, 'eth_sendTransaction', [{ from, data: INIT_CODE }])
    const { contractAddress } = await receipt(node.url, deployTx)
    const sources = createWsSources([{ chainId: SEPOLIA, rpcUrl: node.wsUrl }], transports)
    cleanups.push(() => sources.close())
    const matching = await sources.openLogs(SEPOLIA, { address: contractAddress, topic0: TOPIC }, 'probe')
    const otherTopic = await sources.openLogs(SEPOLIA, { topic0: `0x${'00'.repeat(32)}` }, 'probe')
    const tx = (await rpc(node.url, 'eth_sendTransaction', [
      { from, to: contractAddress, data: '0x' },
    ])) as `0x${string}`
    const [log] = values(await take(matching, 1))
    expect(log).toMatchObject<Partial<RawLog>>({
      address: contractAddress.toLowerCase() as `0x${string}`,
      topics: [TOPIC],
      data: '0x',
      transactionHash: tx,
      logIndex: 0,
    })
    expect(log!.blockNumber).toBe(2)
    // The non-matching subscription saw nothing: after a drop its iteration ends empty.
    await node.stop()
    expect(await take(otherTopic, 1)).toEqual([])
  })

  it('ends the stream when the socket drops (anvil killed)', async () => {
    const node = await anvil()
    const transports = await connected(node)
    const sources = createWsSources([{ chainId: SEPOLIA, rpcUrl: node.wsUrl }], transports)
    cleanups.push(() => sources.close())
    const stream = await sources.openBlocks(SEPOLIA)
    await rpc(node.url, 'evm_mine')
    process.kill(node.pid, 'SIGKILL')
    const items = await take(stream, 10)
    expect(values(items).map((h) => h.number)).toEqual([1])
  })
})

// ---- the CLI, as a process ----

interface EngineProcess {
  child: ChildProcessWithoutNullStreams
  lines: string[]
  exit: Promise<number | null>
  /** Resolves with the first line matching, waiting for it if need be. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
}

function startEngine(configFile: string): EngineProcess {
  const child = spawn(process.execPath, [BIN, 'engine', '--config', configFile], {
    cwd: dirname(configFile),
    stdio: 'pipe',
  })
  const lines: string[] = []
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  let partial = ''
  const onChunk = (chunk: Buffer) => {
    partial += chunk.toString()
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(line)
        }
      }
    }
  }
  child.stdout.on('data', onChunk)
  child.stderr.on('data', onChunk)
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exit
    }
  })
  return {
    child,
    lines,
    exit,
    waitFor(pattern, timeoutMs = 60_000) {
      const seen = lines.find((l) => pattern.test(l))
      if (seen) return Promise.resolve(seen)
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} in:\n${lines.join('\n')}`)),
          timeoutMs,
        )
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer)
            resolveLine(line)
          },
        })
        void exit.then(() => {
          clearTimeout(timer)
          if (!lines.some((l) => pattern.test(l)))
            reject(new Error(`engine exited without a line matching ${pattern}:\n${lines.join('\n')}`))
        })
      })
    },
  }
}

/** A temp folder with engine.toml and a block-only module that logs each block it gets. */
function blockProbeConfig(wsUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-anvil-engine-'))
  cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }))
  const mod = join(dir, 'block-probe')
  mkdirSync(mod)
  writeFileSync(join(mod, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(
    join(mod, 'module.toml'),
    [
      '[module]',
      'name = "block-probe"',
      '',
      '[capabilities]',
      'required = ["logging"]',
      '',
      '[[subscription]]',
      'kind = "block"',
      `chain_id = ${SEPOLIA}`,
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(mod, 'index.ts'),
    [
      'type Host = { logging: { log(level: string, message: string): void } }',
      'export async function init(_config: Record<string, string>, _host: Host): Promise<void> {}',
      'export async function onEvent(event: { kind: string; block?: { number: number; hash: string } }, host: Host): Promise<void> {',
      "  if (event.kind === 'block' && event.block) host.logging.log('info', `probe saw block ${event.block.number} ${event.block.hash}`)",
      '}',
      '',
    ].join('\n'),
  )
  const config = join(dir, 'engine.toml')
  writeFileSync(
    config,
    [
      '[engine]',
      'state_dir = "state"',
      'log_level = "info"',
      '',
      `[chains.${SEPOLIA}]`,
      `rpc_url = "${wsUrl}"`,
      '',
      '[[modules]]',
      'path = "block-probe"',
      '',
    ].join('\n'),
  )
  return config
}

// A child `node` with tsx compiling on a loaded 2-core machine can take several seconds to boot.
const CLI_TEST_TIMEOUT_MS = 90_000

describe('nexum-sim engine against anvil', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('stays up while blocks are mined, dispatches all 5 in order, and exits 0 on SIGTERM', async () => {
    const node = await anvil()
    const engine = startEngine(blockProbeConfig(node.wsUrl))
    await engine.waitFor(/ INFO nexum_engine: block subscription open chain_id=11155111/)

    const hashes: string[] = []
    for (let i = 0; i < 5; i++) {
      await rpc(node.url, 'evm_mine')
      hashes.push((await rpc(node.url, 'eth_getBlockByNumber', ['latest', false])).hash)
    }
    await engine.waitFor(/probe saw block 5 /)
    const seen = engine.lines
      .filter((l) => l.includes('probe saw block'))
      .map((l) => l.replace(/^.*probe saw block /, ''))
    expect(seen).toEqual(hashes.map((hash, i) => `${i + 1} ${hash}`))
    expect(engine.lines.find((l) => l.includes('probe saw block 1'))).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}INFO module\{module=block-probe\}: probe saw block 1 0x[0-9a-f]{64}$/,
    )
    expect(engine.child.exitCode).toBeNull()

    engine.child.kill('SIGTERM')
    expect(await engine.exit).toBe(0)
    expect(engine.lines.join('\n')).toContain('shutdown signal received signal=SIGTERM')
  })

  it('exits 3 when the anvil process is killed and the WebSocket drops', async () => {
    const node = await anvil()
    const engine = startEngine(blockProbeConfig(node.wsUrl))
    await engine.waitFor(/block subscription open/)
    await rpc(node.url, 'evm_mine')
    await engine.waitFor(/probe saw block 1 /)

    process.kill(node.pid, 'SIGKILL')
    expect(await engine.exit).toBe(3)
    expect(engine.lines.join('\n')).toMatch(
      / WARN nexum_engine: block stream ended \(WebSocket dropped\?\) - shutting down for restart/,
    )
  })

  it('exits 1 as a failed boot naming the chain and the refusal when the chain cannot be dialled', async () => {
    const node = await anvil()
    const config = blockProbeConfig(node.wsUrl)
    await node.stop()
    const engine = startEngine(config)
    expect(await engine.exit).toBe(1)
    // Dialling is a boot step since decision 0028: logged as the boot's failure, then the exit line.
    expect(engine.lines.join('\n')).toMatch(
      /ERROR nexum_engine: boot failed error=".*connect chain 11155111: .*ECONNREFUSED/,
    )
    expect(engine.lines.at(-1)).toMatch(/ INFO nexum_engine: done reason=boot-failed code=1$/)
  })
})
