// `nexum-sim run --fork sepolia@BLOCK --record-fork FILE`, end to end as a user runs it: a local
// anvil chain on 127.0.0.1 stands in for Sepolia (SEPOLIA_RPC_URL points at it), the CLI records
// the fork into a cassette, the upstream is stopped by PID, and `--fork cassette:FILE` replays
// the same run offline with the same verdict.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { loadForkCassette } from '../harness/anvil/fork/fork-cassette.js'
import { nodeRpc } from '../harness/anvil/node-rpc.js'
import { startAnvil } from '../harness/anvil/start-anvil.js'
import { BIN, ROOT, runCli } from './support/run-cli.js'
import { tempDir } from './support/temp-dir.js'

const SCENARIO = 'scenarios/m3/price-alert-above-every-n-blocks.yaml'

interface JsonReport {
  scenarios: { file: string; name: string; mode: string; status: string; failures: string[] }[]
}

const verdict = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).scenarios.map(({ name, mode, status, failures }) => ({
    name,
    mode,
    status,
    failures,
  }))

describe('nexum-sim run --record-fork', { timeout: 180_000 }, () => {
  it('records a fork of a local upstream into FILE, and --fork cassette:FILE replays it with the upstream stopped', async () => {
    const dir = tempDir('nexum-record-fork-')
    const file = join(dir, 'sepolia-5.fork.json')
    const upstream = await startAnvil({ chainId: 11155111, timestamp: 1_750_000_000 })
    onTestFinished(() => upstream.stop())
    for (let i = 0; i < 5; i++) await nodeRpc(upstream.url).call('evm_mine')

    const recordArgs = ['run', SCENARIO, '--mode', 'anvil', '--fork', 'sepolia@5', '--reporter', 'json']
    const recorded = await runCli([...recordArgs, '--record-fork', file], undefined, {
      ...process.env,
      SEPOLIA_RPC_URL: upstream.url,
    })
    expect(recorded.stderr).toContain(
      `recording the fork at block 5 of chain 11155111 through SEPOLIA_RPC_URL (${upstream.url}) into ${file}`,
    )
    expect(recorded.code).toBe(0)
    expect(verdict(recorded.stdout)).toEqual([expect.objectContaining({ mode: 'anvil', status: 'passed' })])
    const cassette = await loadForkCassette(file)
    expect(cassette).toMatchObject({ version: 1, chainId: 11155111, forkBlock: 5 })
    expect(recorded.stderr).toContain(`fork cassette ${file}: ${cassette.answers.length} answers`)
    expect(cassette.answers.map((a) => a.method)).toEqual(
      expect.arrayContaining(['eth_chainId', 'eth_getBlockByNumber']),
    )
    // Written whole: the cassette and nothing else (no temp file left beside it).
    expect(readdirSync(dir)).toEqual(['sepolia-5.fork.json'])

    await upstream.stop()
    await expect(nodeRpc(upstream.url).call('eth_chainId')).rejects.toThrow()
    const { SEPOLIA_RPC_URL: _unset, ...offline } = process.env
    const replayed = await runCli(
      ['run', SCENARIO, '--mode', 'anvil', '--fork', `cassette:${file}`, '--reporter', 'json'],
      undefined,
      offline,
    )
    expect(replayed.code).toBe(0)
    expect(verdict(replayed.stdout)).toEqual(verdict(recorded.stdout))
  })

  it('refuses, before running anything, a recording without a live fork or into a missing folder', async () => {
    const dir = tempDir('nexum-record-fork-')
    const cases: [string[], RegExp][] = [
      [
        ['--record-fork', join(dir, 'f.json')],
        /--record-fork FILE records a live fork: use it with --mode anvil --fork sepolia@BLOCK/,
      ],
      [
        ['--mode', 'anvil', '--fork', `cassette:${join(dir, 'old.json')}`, '--record-fork', join(dir, 'f.json')],
        /is a recording already; record a live fork/,
      ],
      [
        ['--mode', 'anvil', '--fork', 'sepolia@5', '--record-fork', join(dir, 'missing', 'f.json')],
        /expected a file in an existing folder, found no folder/,
      ],
      [['--mode', 'anvil', '--fork', 'sepolia@5', '--record-fork', dir], /expected a file, found a folder/],
    ]
    for (const [args, message] of cases) {
      const r = await runCli(['run', SCENARIO, ...args], undefined, {
        ...process.env,
        SEPOLIA_RPC_URL: 'http://127.0.0.1:9',
      })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    expect(readdirSync(dir)).toEqual([])
  })

  it('names the endpoint by origin only when it cannot be recorded from', async () => {
    const r = await runCli(
      [
        'run',
        SCENARIO,
        '--mode',
        'anvil',
        '--fork',
        'sepolia@5',
        '--record-fork',
        join(tempDir('nexum-record-fork-'), 'f.json'),
      ],
      undefined,
      { ...process.env, SEPOLIA_RPC_URL: 'http://127.0.0.1:9/v2/SECRET-KEY?apikey=ALSO-SECRET' },
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/SEPOLIA_RPC_URL \(http:\/\/127\.0\.0\.1:9#fp-[0-9a-f]{8}\) did not answer eth_chainId/)
    expect(r.stderr).not.toContain('SECRET')
  })
})

describe('nexum-sim run --record-fork, interrupted', { timeout: 180_000 }, () => {
  it('Ctrl-C mid-run stops the anvil nodes by PID and leaves no cassette, whole or partial', async () => {
    const dir = tempDir('nexum-record-fork-')
    const file = join(dir, 'fork.json')
    const upstream = await startAnvil({ chainId: 11155111, timestamp: 1_750_000_000 })
    onTestFinished(() => upstream.stop())
    for (let i = 0; i < 5; i++) await nodeRpc(upstream.url).call('evm_mine')
    const child = spawn(
      process.execPath,
      [BIN, 'run', SCENARIO, '--mode', 'anvil', '--fork', 'sepolia@5', '--record-fork', file],
      { cwd: ROOT, env: { ...process.env, SEPOLIA_RPC_URL: upstream.url }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('close', (code, signal) => done({ code, signal })),
    )
    // Wait until the run has an anvil of its own (a child process of the CLI), then interrupt.
    let anvils: number[] = []
    for (let i = 0; i < 600 && anvils.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      anvils = childPids(child.pid!).filter((pid) => commandOf(pid).includes('anvil'))
    }
    expect(anvils.length, stderr).toBeGreaterThan(0)
    child.kill('SIGINT')
    const { signal } = await exited
    expect(signal).toBe('SIGINT')
    expect(stderr).toContain(`interrupted by SIGINT: anvil nodes stopped; ${file} not written`)
    for (const pid of anvils) expect(isRunning(pid), `anvil ${pid}`).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })
})

/** Direct children of `pid` (from /proc). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
