// Recording and reproducing against a real Anvil node and the harness's fake orderbook served over
// plain HTTP on loopback (no MSW, no internet): `record` twice gives the same bytes, the recording
// replays in fixture mode with the same decisions, the endpoint's API key leaves no trace, the live
// engine's journal reproduces with `repro`, and kill -9 never costs a complete journal line.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { readJournal } from '../engine/live/journal/read-journal.js'
import { startAnvil, type AnvilProcess } from '../harness/anvil/start-anvil.js'
import type { CliIo } from '../harness/cli/cli-io.js'
import { runRecord } from '../harness/record/run-record.js'
import { runRepro } from '../harness/repro/run-repro.js'
import { runScenarios } from '../harness/run/run-scenarios.js'
import type { OrderbookBehaviour } from '../harness/scenario/types.js'
import { startOrderbookHttpServer, type OrderbookHttpServer } from './support/orderbook-http-server.js'

const SEPOLIA = 11155111
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'nexum-sim.mjs')
const FEED = '0x694AA1769357215DE4FAC081bf1f309aDC325306'
const GENESIS = 1_790_000_000
const SECRET = 'K3yS3cr3tAbCdEf0123456789'
// latestRoundData() of a feed at exactly stop-loss's trigger (2500.00, 8 decimals): five words;
// startedAt and updatedAt a minute before GENESIS, so the answer is fresh (max_price_age_secs).
const FEED_CODE = '0x6001600052643a35294400602052636ab13b44604052636ab13b44606052600160805260a06000f3'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nexum-record-'))
  cleanups.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}
function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON-RPC results in a test helper
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

/** An Anvil node with the stop-loss feed deployed, genesis at a fixed time: the same chain every run. */
async function chain(): Promise<AnvilProcess> {
  const node = await startAnvil({ chainId: SEPOLIA, timestamp: GENESIS })
  cleanups.push(() => node.stop())
  await rpc(node.url, 'anvil_setCode', [FEED, FEED_CODE])
  return node
}

const REJECTIONS: OrderbookBehaviour = {
  default: 'accept',
  rules: [
    {
      match: { method: 'POST', path: '/api/v1/orders' },
      respond: { status: 502, text: '<html><body>502 Bad Gateway</body></html>' },
      times: 1,
    },
    {
      match: { method: 'POST', path: '/api/v1/orders' },
      respond: {
        status: 400,
        body: { errorType: 'TransferSimulationFailed', description: 'sell token cannot be transferred' },
      },
      times: 1,
    },
    {
      match: { method: 'POST', path: '/api/v1/orders' },
      respond: { status: 403, body: { errorType: 'Forbidden', description: 'Forbidden' } },
    },
  ],
}

async function book(behaviour: OrderbookBehaviour = REJECTIONS): Promise<OrderbookHttpServer> {
  const server = await startOrderbookHttpServer(SEPOLIA, behaviour)
  cleanups.push(() => server.close())
  return server
}

function engineToml(dir: string, rpcUrl: string, orderbookUrl: string, stateDir = 'state'): string {
  const file = join(dir, 'engine.toml')
  writeFileSync(
    file,
    `[engine]\nstate_dir = "${stateDir}"\nlog_level = "info"\n[chains.${SEPOLIA}]\nrpc_url = "${rpcUrl}"\norderbook_url = "${orderbookUrl}"\n[[modules]]\npath = "${join(ROOT, 'modules', 'stop-loss')}"\n`,
  )
  return file
}

/** Mines `count` blocks, 12 s apart, each after the engine has had time to see the previous one. */
async function mine(node: AnvilProcess, count: number, from = 1): Promise<void> {
  for (let i = from; i < from + count; i++) await rpc(node.url, 'evm_mine', [GENESIS + 12 * i])
}

async function recordOnce(out: string): Promise<{ io: ReturnType<typeof capture>; code: number }> {
  const node = await chain()
  const server = await book()
  const dir = tempDir()
  const config = engineToml(dir, `${node.wsUrl}/?apikey=${SECRET}`, server.root)
  const io = capture()
  let ready!: () => void
  const isReady = new Promise<void>((r) => {
    ready = r
  })
  const recording = runRecord({ config, blocks: 3, out, cwd: dir, env: {}, onReady: ready }, io)
  await isReady
  await mine(node, 3)
  const code = await recording
  return { io, code }
}

describe('nexum-sim record against Anvil and an HTTP orderbook', () => {
  it('records a cassette and a scenario; a second recording is byte-identical; the replay decides the same; no trace of the key', async () => {
    const first = tempDir()
    const second = tempDir()
    const a = await recordOnce(first)
    expect(a.io.stderr.filter((l) => /ERROR|Error/.test(l))).toEqual([])
    expect(a.code).toBe(0)
    expect(a.io.stdout.at(-1)).toBe('blocks: 3, orderbook posts: 3, exit: signal')
    const b = await recordOnce(second)
    expect(b.code).toBe(0)
    for (const name of ['recording.cassette.jsonl', 'recording.yaml'])
      expect(readFileSync(join(second, name), 'utf8')).toBe(readFileSync(join(first, name), 'utf8'))

    const cassette = readFileSync(join(first, 'recording.cassette.jsonl'), 'utf8')
    const scenario = readFileSync(join(first, 'recording.yaml'), 'utf8')
    expect(cassette.split('\n')[0]).toBe(
      '{"kind":"cassette","orderbook":true,"recorded":{"source":"ws://127.0.0.1"},"version":2}',
    )
    expect(cassette).toContain('"kind":"orderbook"')
    expect(cassette).toContain('"method":"eth_call"')
    expect(scenario).toContain('try-next-block')
    for (const text of [cassette, scenario, ...a.io.stdout, ...a.io.stderr]) expect(text).not.toContain(SECRET)

    const [replayed] = await runScenarios({ paths: [join(first, 'recording.yaml')], mode: 'fixture' })
    expect(replayed?.failures).toEqual([])
    expect(scenario).toMatch(/decisions:\n\s+stop-loss:\n\s+- try-next-block\n\s+- try-next-block\n\s+- drop/)
  }, 120_000)
})

describe('the live engine’s journal', () => {
  function startEngine(config: string) {
    const child = spawn(process.execPath, [BIN, 'engine', '--config', config], {
      cwd: dirname(config),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let text = ''
    child.stderr.on('data', (c: Buffer) => {
      text += c.toString()
    })
    child.stdout.resume()
    const exit = new Promise<void>((r) => child.once('exit', () => r()))
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exit
      }
    })
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 1500 && !pattern.test(text); i++) await new Promise((r) => setTimeout(r, 20))
      if (!pattern.test(text)) throw new Error(`engine never printed ${pattern}:\n${text}`)
    }
    return { child, exit, waitFor, output: () => text }
  }

  async function entries(file: string) {
    const out = []
    for await (const e of readJournal(file)) out.push(e)
    return out
  }

  it('records each orderbook exchange; repro on a line reproduces that dispatch offline', async () => {
    const node = await chain()
    const server = await book()
    const dir = tempDir()
    const config = engineToml(dir, node.wsUrl, server.root)
    const engine = startEngine(config)
    await engine.waitFor(/block subscription open/)
    await mine(node, 2)
    const journal = join(dir, 'state', 'journal.jsonl')
    for (let i = 0; i < 500 && (await entries(journal).catch(() => [])).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20))
    engine.child.kill('SIGTERM')
    await engine.exit
    const lines = await entries(journal)
    expect(lines.map((l) => l.ok && [l.record.module, l.record.response?.status, l.record.decision?.decision])).toEqual(
      [
        ['stop-loss', 502, 'try-next-block'],
        ['stop-loss', 400, 'try-next-block'],
      ],
    )
    const second = lines[1]!
    if (!second.ok) throw new Error('unreadable line')
    expect(second.record.block).toMatchObject({ number: 2, timestamp: GENESIS + 24 })
    expect(second.record.rpc.map((c) => c.method)).toEqual(['eth_call'])
    expect(readFileSync(journal, 'utf8')).not.toContain('127.0.0.1')

    const io = capture()
    const code = await runRepro(
      { file: journal, line: 2, config, out: join(dir, 'regressions'), cwd: dir, env: {} },
      io,
    )
    expect(io.stderr).toEqual([])
    expect(code).toBe(0)
    expect(io.stdout).toContain('decision:  try-next-block (status 400 TransferSimulationFailed)')
    // The row of the policy the engine ran with (docs/policies.md), as the judge's evaluator read it.
    expect(io.stdout).toContainEqual(
      expect.stringMatching(/^table row: default rule\[\d+\] \(4xx TransferSimulationFailed\) → try-next-block$/),
    )
    expect(readdirSync(join(dir, 'regressions')).sort()).toEqual([
      'stop-loss-400-transfer-simulation-failed-block-2.cassette.jsonl',
      'stop-loss-400-transfer-simulation-failed-block-2.yaml',
    ])
  }, 120_000)

  it('kill -9 while it writes, 20 times: the journal always reopens, no complete line is lost, no torn line is read', async () => {
    const node = await chain()
    // Every post refused with a 502: the poster posts on every block, a journal line each.
    const server = await book({
      default: 'accept',
      rules: [{ match: { method: 'POST', path: '/api/v1/orders' }, respond: { status: 502, text: 'bad gateway' } }],
    })
    const dir = tempDir()
    // A plain-JS module (no transform to load) that posts on every block: the journal is what is
    // under test here, so rounds are spent killing, not booting.
    mkdirSync(join(dir, 'poster'))
    writeFileSync(
      join(dir, 'poster', 'module.toml'),
      `[module]\nname = "poster"\n[capabilities]\nrequired = ["logging", "cow-api"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
    )
    writeFileSync(
      join(dir, 'poster', 'index.mjs'),
      `export async function init() {}
export async function onEvent(event, host) {
  try {
    await host.cowApi.submitOrder(${SEPOLIA}, JSON.stringify({ block: event.block.number }))
  } catch (e) {
    host.decisions.report({ uid: '0x' + event.block.number.toString(16).padStart(2, '0'), decision: 'try-next-block', status: e.code })
  }
}
`,
    )
    // Blocks keep coming for the whole test.
    let mining = true
    let block = 1
    const miner = (async () => {
      while (mining) {
        await rpc(node.url, 'evm_mine', [GENESIS + 12 * block++]).catch(() => {})
        await new Promise((r) => setTimeout(r, 25))
      }
    })()
    // Four engines on four state directories, five kills each: twenty kills.
    const lane = async (n: number) => {
      const config = join(dir, `engine-${n}.toml`)
      writeFileSync(
        config,
        `[engine]\nstate_dir = "state-${n}"\n[chains.${SEPOLIA}]\nrpc_url = "${node.wsUrl}"\norderbook_url = "${server.root}"\n[[modules]]\npath = "${join(dir, 'poster')}"\n`,
      )
      const journal = join(dir, `state-${n}`, 'journal.jsonl')
      let kept: string[] = []
      for (let round = 0; round < 5; round++) {
        const engine = startEngine(config)
        // Killed once this run has written a line, at an arbitrary point of what follows.
        for (let i = 0; i < 6000; i++) {
          const written = (await entries(journal).catch(() => [])).filter((e) => e.ok).length
          if (written > kept.length) break
          await new Promise((r) => setTimeout(r, 20))
        }
        await new Promise((r) => setTimeout(r, (round * 37 + n * 11) % 90))
        engine.child.kill('SIGKILL')
        await engine.exit
        const read = await entries(journal)
        // A line cut by the kill is reported (torn while last; once the engine reopened and
        // terminated it, not JSON or a checksum mismatch), never decoded as a record.
        for (const e of read) if (!e.ok) expect(e.reason).toMatch(/torn|not JSON|checksum/)
        const whole = read.flatMap((e) => (e.ok ? [JSON.stringify(e.record)] : []))
        expect(whole.slice(0, kept.length)).toEqual(kept)
        expect(whole.length).toBeGreaterThan(kept.length)
        kept = whole
      }
      return kept.length
    }
    try {
      const counts = await Promise.all([0, 1, 2, 3].map(lane))
      for (const c of counts) expect(c).toBeGreaterThanOrEqual(5)
    } finally {
      mining = false
      await miner
    }
  }, 900_000)
})
