// `[engine] metrics_addr`: Prometheus text and /healthz scraped from a live engine running
// against a real Anvil over http://, while blocks are mined; the port is closed after SIGTERM.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type AnvilProcess } from '../harness/anvil/start-anvil.js'
import { BIN, ROOT } from './support/run-cli.js'

const SEPOLIA = 11155111
let node: AnvilProcess
let dir: string
beforeAll(async () => {
  node = await startAnvil({ chainId: SEPOLIA, timestamp: 1_790_000_000 })
  dir = mkdtempSync(join(tmpdir(), 'nexum-metrics-'))
}, 60_000)
afterAll(async () => {
  await node?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(node.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result?: unknown }).result
}

/** The value of one sample line, e.g. metric(text, 'nexum_chain_head_block{chain_id="11155111"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('metrics_addr against a live engine (Anvil over http://)', { timeout: 120_000 }, () => {
  it('serves head, delivered block, dispatches, latency, host calls and /healthz; closes on SIGTERM', async () => {
    const mod = join(dir, 'probe')
    mkdirSync(mod)
    writeFileSync(join(mod, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(
      join(mod, 'module.toml'),
      `[module]\nname = "probe"\n[capabilities]\nrequired = ["logging", "chain"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
    )
    writeFileSync(
      join(mod, 'index.ts'),
      [
        'type Host = { logging: { log(l: string, m: string): void }; chain: { request(c: number, m: string, p: string): Promise<string> } }',
        'export async function init() {}',
        'export async function onEvent(e: { block?: { number: number } }, host: Host) {',
        `  await host.chain.request(${SEPOLIA}, 'eth_chainId', '[]')`,
        "  host.logging.log('info', `probe saw block ${e.block?.number}`)",
        '}',
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'engine.toml'),
      `[engine]\nstate_dir = "state"\nmetrics_addr = "127.0.0.1:0"\n[chains.${SEPOLIA}]\nrpc_url = "${node.url}"\npoll_interval_secs = 0.2\n[[modules]]\npath = "probe"\n`,
    )
    const child = spawn(process.execPath, [BIN, 'engine', '--config', join(dir, 'engine.toml')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stderr.on('data', (d) => (output += d))
    const exited = new Promise<number | null>((done) => child.once('exit', done))
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 1200 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50))
      const m = pattern.exec(output)
      if (!m) throw new Error(`no ${pattern} in:\n${output}`)
      return m
    }
    try {
      const [, port] = await waitFor(/ INFO nexum_engine: metrics listening addr=127\.0\.0\.1:(\d+)/)
      await waitFor(/block subscription open/)
      const start = Number(await rpc('eth_blockNumber'))
      for (let i = 0; i < 3; i++) await rpc('evm_mine')
      await waitFor(new RegExp(`probe saw block ${start + 3}`))

      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(health.status).toBe(200)
      const response = await fetch(`http://127.0.0.1:${port}/metrics`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      const text = await response.text()
      expect(sample(text, `nexum_chain_head_block{chain_id="${SEPOLIA}"}`)).toBeGreaterThanOrEqual(start + 3)
      expect(sample(text, `nexum_chain_delivered_block{chain_id="${SEPOLIA}"}`)).toBe(start + 3)
      expect(sample(text, 'nexum_module_dispatches_total{module="probe",event="block",outcome="ok"}')).toBe(3)
      // init and three events
      expect(sample(text, 'nexum_module_dispatch_duration_seconds_count{module="probe"}')).toBe(4)
      expect(sample(text, 'nexum_host_calls_total{module="probe",host="chain",outcome="ok"}')).toBe(3)
      expect(text).toContain('# TYPE nexum_module_traps_total counter')
      expect(text).toContain('# TYPE nexum_orderbook_requests_total counter')
      expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404)

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })
})
