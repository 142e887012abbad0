// `nexum-sim serve` judged black-box: an engine that is not ours (a plain Node script in
// test/fixtures/black-box, fetch only) runs against a served scenario; serve's exit status and
// report say whether what it posted held up against `expect.orderbook` and `expect.journal`.
// Every process is started here, and stopped here by its PID.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BIN, ROOT } from './support/run-cli.js'
import { tempDir } from './support/temp-dir.js'

const SCRIPT = join(ROOT, 'test', 'fixtures', 'black-box', 'poll-and-post.mjs')
const SCENARIO = join(ROOT, 'test', 'fixtures', 'black-box', 'one-order.yaml')

const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGKILL')
})

interface Served {
  child: ChildProcess
  urls: Promise<Record<string, string>>
  done: Promise<{ code: number | null; stdout: string; stderr: string }>
}

function serve(args: string[]): Served {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  started.push(child)
  let stdout = ''
  let stderr = ''
  let announce: (urls: Record<string, string>) => void = () => {}
  const urls = new Promise<Record<string, string>>((resolve) => {
    announce = resolve
  })
  child.stdout!.on('data', (d) => {
    stdout += d
    const lines = Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => l.split(' '))
        .filter((p) => p.length === 2)
        .map(([k, v]) => [k!, v!]),
    )
    if (lines['chain-id']) announce(lines)
  })
  child.stderr!.on('data', (d) => {
    stderr += d
  })
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, urls, done }
}

function script(urls: Record<string, string>, times: number): ChildProcess {
  const child = spawn(process.execPath, [SCRIPT, '--after', '7000001', '--times', String(times)], {
    cwd: ROOT,
    env: { ...process.env, NEXUM_RPC_URL: urls.rpc, NEXUM_ORDERBOOK_URL: urls.orderbook },
    stdio: 'ignore',
  })
  started.push(child)
  return child
}

async function control(urls: Record<string, string>, route: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${urls.control}/${route}`, { method: route === 'state' ? 'GET' : 'POST' })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

async function stopByPid(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  process.kill(child.pid!, 'SIGTERM')
  await exited
}

describe('nexum-sim serve, judged black-box', () => {
  it('an outside script that polls blocks and posts one order passes expect.orderbook and expect.journal', async () => {
    const out = join(tempDir('serve-out-'), 'served.json')
    const served = serve([SCENARIO, '--out', out])
    const urls = await served.urls
    expect(urls.rpc).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(urls['rpc-ws']).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/)
    expect(urls.orderbook).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const poster = script(urls, 1)
    expect(await control(urls, 'state')).toMatchObject({ played: 0, total: 3, done: false })
    expect(await control(urls, 'run')).toMatchObject({ played: 3, done: true, orderbook: { posts: 1, accepted: 1 } })
    await stopByPid(poster)
    await control(urls, 'stop')
    const result = await served.done
    expect(result.stdout).toContain('orderbook journal (1 exchange):')
    expect(result.stdout).toMatch(/#0 chain 11155111 after block 7000001: POST \/api\/v1\/orders -> 201/)
    expect(result.stdout).toContain('the expectations held')
    expect(result.code).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8'))
    expect(report.held).toBe(true)
    expect(report.journal[0]).toMatchObject({ method: 'POST', afterBlock: 7000001, status: 201 })
    expect(report.journal[0].request.signingScheme).toBe('presign')
    expect(report.clients.rpc.eth_blockNumber).toBeGreaterThan(0)
  }, 90_000)

  it('the same script posting the order twice fails the journal: exit 1, the failures and the replay line', async () => {
    const served = serve([SCENARIO, '--quiet', '300ms'])
    const urls = await served.urls
    const poster = script(urls, 2)
    await control(urls, 'run')
    await stopByPid(poster)
    // SIGTERM ends serve as /control/stop does.
    await stopByPid(served.child)
    const result = await served.done
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('orderbook journal (2 exchanges):')
    expect(result.stdout).toMatch(/#1 .*POST \/api\/v1\/orders -> 400 DuplicatedOrder/)
    expect(result.stdout).toContain('expect.journal: wanted 1 order(s) posted, got 2')
    expect(result.stdout).toContain('expect.orderbook.posts: wanted 1, got 2')
    expect(result.stdout).toMatch(
      /replay: nexum-sim serve test\/fixtures\/black-box\/one-order\.yaml --seed \d+ --mode fixture/,
    )
  }, 90_000)

  it('--mode anvil: the same script, against a real anvil node behind the served URLs, passes too; no anvil is left', async () => {
    const served = serve([SCENARIO, '--mode', 'anvil'])
    const urls = await served.urls
    // serve's own children: the anvil it started (other tests' anvils are not its children).
    const children = spawnSync('pgrep', ['-P', String(served.child.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number)
    expect(children.length).toBeGreaterThan(0)
    const poster = script(urls, 1)
    expect(await control(urls, 'run')).toMatchObject({ played: 3, done: true, orderbook: { posts: 1, accepted: 1 } })
    await stopByPid(poster)
    await control(urls, 'stop')
    const result = await served.done
    expect(result.stdout).toMatch(/#0 chain 11155111 after block 7000001: POST \/api\/v1\/orders -> 201/)
    expect(result.stdout).toContain('the expectations held')
    expect(result.code).toBe(0)
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
    expect(children.filter(alive)).toEqual([])
  }, 90_000)
})
