// `nexum-sim engine` against a real Anvil over http:// (polling), launched every way an operator
// does: `node bin/nexum-sim.mjs`, the bin link, `npx nexum-sim`, `npm exec nexum-sim`. Each is
// stopped with SIGTERM sent to the launched process, and with SIGINT as a terminal sends it
// (to the process group, Ctrl-C). Whatever the launcher, the engine logs `done … code=0`, no
// process is left, and the store is released (decision 0035).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type AnvilProcess } from '../harness/anvil/start-anvil.js'
import { BIN, ROOT } from './support/run-cli.js'

const SEPOLIA = 11155111
let node: AnvilProcess
const temps: string[] = []

beforeAll(async () => {
  node = await startAnvil({ chainId: SEPOLIA, timestamp: 1_790_000_000 })
}, 60_000)
afterAll(async () => {
  await node?.stop()
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON-RPC results
async function rpc(method: string, params: unknown[] = []): Promise<any> {
  const response = await fetch(node.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

/** engine.toml over http:// with a fast poll, and a module that logs every block it gets. */
function probeConfig(rpcUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-http-engine-'))
  temps.push(dir)
  const mod = join(dir, 'probe')
  mkdirSync(mod)
  writeFileSync(join(mod, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(
    join(mod, 'module.toml'),
    `[module]\nname = "probe"\n[capabilities]\nrequired = ["logging"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
  )
  writeFileSync(
    join(mod, 'index.ts'),
    [
      'type Host = { logging: { log(level: string, message: string): void } }',
      'export async function init(): Promise<void> {}',
      'export async function onEvent(event: { kind: string; block?: { number: number; hash: string } }, host: Host) {',
      "  if (event.kind === 'block' && event.block) host.logging.log('info', `probe saw block ${event.block.number} ${event.block.hash}`)",
      '}',
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(dir, 'engine.toml'),
    `[engine]\nstate_dir = "state"\n[chains.${SEPOLIA}]\nrpc_url = "${rpcUrl}"\npoll_interval_secs = 0.2\n[[modules]]\npath = "probe"\n`,
  )
  return join(dir, 'engine.toml')
}

interface Launched {
  child: ChildProcess
  output: () => string
  /** Settles when every holder of the output pipes is gone (the engine included). */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
}

function launch(command: string, args: string[]): Launched {
  // detached: a process group of its own, so a test can send SIGINT the way a terminal does.
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let text = ''
  child.stdout?.on('data', (d) => (text += d))
  child.stderr?.on('data', (d) => (text += d))
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  )
  return {
    child,
    output: () => text,
    closed,
    async waitFor(pattern, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs
      while (!pattern.test(text)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no output matching ${pattern}:\n${text}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
  }
}

/** Every process whose parent chain leads to `pid` (ps, so the test does not trust the engine). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number])
  const found: number[] = []
  const walk = (parent: number) => {
    for (const [p, pp] of rows)
      if (pp === parent) {
        found.push(p)
        walk(p)
      }
  }
  walk(pid)
  return found
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Whether `pid` still runs 3 s from now (tsx's esbuild helper exits when its stdin closes). */
async function alive(pid: number): Promise<string | false> {
  const until = Date.now() + 3_000
  while (running(pid)) {
    if (Date.now() > until) return execFileSync('ps', ['-o', 'pid=,cmd=', '-p', String(pid)], { encoding: 'utf8' })
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

function binLink(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-bin-link-'))
  temps.push(dir)
  const link = join(dir, 'nexum-sim')
  symlinkSync(BIN, link)
  return link
}

const LAUNCHERS: Record<string, (config: string) => [string, string[]]> = {
  node: (config) => [process.execPath, [BIN, 'engine', '--config', config]],
  'bin link': (config) => [binLink(), ['engine', '--config', config]],
  npx: (config) => ['npx', ['--no-install', 'nexum-sim', 'engine', '--config', config]],
  'npm exec': (config) => ['npm', ['exec', '--no', '--', 'nexum-sim', 'engine', '--config', config]],
}

// Child processes compiling TypeScript on a loaded 2-core machine take seconds to start.
describe('nexum-sim engine over http:// (Anvil), every launcher', { timeout: 120_000 }, () => {
  it('npx: polls 20 blocks (one by one and a 10-block jump) in order, then SIGTERM to npx stops it with 0', async () => {
    const config = probeConfig(node.url)
    const start = Number(await rpc('eth_blockNumber'))
    const engine = launch(...LAUNCHERS.npx!(config))
    await engine.waitFor(/ INFO nexum_engine: block subscription open chain_id=11155111/)
    for (let i = 0; i < 10; i++) {
      await rpc('evm_mine')
      await new Promise((r) => setTimeout(r, 100))
    }
    await rpc('anvil_mine', ['0xa']) // the node jumps ten blocks between two polls
    const last = start + 20
    await engine.waitFor(new RegExp(`probe saw block ${last} `))
    const seen = [...engine.output().matchAll(/probe saw block (\d+) (0x[0-9a-f]{64})/g)].map((m) => [
      Number(m[1]),
      m[2],
    ])
    expect(seen.map(([n]) => n)).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i))
    const block15 = await rpc('eth_getBlockByNumber', [`0x${(start + 15).toString(16)}`, false])
    expect(seen[14]).toEqual([start + 15, block15.hash])

    const tree = descendants(engine.child.pid!)
    expect(tree.length).toBeGreaterThan(0)
    engine.child.kill('SIGTERM')
    await engine.closed
    expect(engine.output()).toMatch(/ INFO nexum_engine: done reason=signal code=0\n/)
    for (const pid of tree) expect(await alive(pid)).toBe(false)
    // The store was released: the next engine on the same state_dir boots.
    const next = launch(...LAUNCHERS.node!(config))
    await next.waitFor(/supervisor ready/)
    next.child.kill('SIGTERM')
    expect((await next.closed).code).toBe(0)
  })

  for (const name of Object.keys(LAUNCHERS))
    for (const how of ['SIGTERM to the launched process', 'SIGINT to its process group (Ctrl-C)'] as const)
      it(`${name}: ${how} → done code=0, nothing left`, async () => {
        const config = probeConfig(node.url)
        const engine = launch(...LAUNCHERS[name]!(config))
        await engine.waitFor(/ INFO nexum_engine: block subscription open/)
        await rpc('evm_mine')
        await engine.waitFor(/probe saw block/)
        const tree = [engine.child.pid!, ...descendants(engine.child.pid!)]
        if (how.startsWith('SIGTERM')) engine.child.kill('SIGTERM')
        else process.kill(-engine.child.pid!, 'SIGINT')
        const end = await engine.closed
        expect(engine.output()).toMatch(/ INFO nexum_engine: done reason=signal code=0\n/)
        for (const pid of tree) expect(await alive(pid)).toBe(false)
        // Launched directly, the engine's own status is the launcher's: 0.
        if (name === 'node' || name === 'bin link') expect(end).toEqual({ code: 0, signal: null })
      })
})
