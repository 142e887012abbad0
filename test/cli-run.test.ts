// `nexum-sim run` as a real child process: exit status, reporters, --out, --seed, --mode, usage.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'
import { scenarioTree } from './support/scenario-tree.js'

const probeScenario = (name: string, blocks: number, wantBlocks: number) => `version: 1
name: ${name}
engine:
  chains: { 11155111: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: 11155111 } ] } ]
steps:
  - blocks: { count: ${blocks} }
  - signal: SIGTERM
expect:
  dispatch: { probe: { blocks: ${wantBlocks} } }
`

// A child `node` compiling TypeScript on a loaded 2-core machine can take seconds to start.
describe('nexum-sim run (child process)', { timeout: 90_000 }, () => {
  it('exits 0 when every scenario passes and prints the closing count line', async () => {
    const dir = scenarioTree({
      'a/ok.yaml': probeScenario('ok', 2, 2),
      'b/also-ok.yml': probeScenario('also ok', 1, 1),
    })
    const r = await runCli(['run', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✓ .*ok\.yaml › ok/)
    expect(r.stdout.trim().split('\n').pop()).toBe('2 passed, 0 failed, 0 skipped')
  })

  it('exits 1 on a failure, names the key path with wanted and got, and ends with the replay line', async () => {
    const dir = scenarioTree({ 'bad.yaml': probeScenario('bad', 2, 3) })
    const r = await runCli(['run', join(dir, 'bad.yaml'), '--seed', '7'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('expect.dispatch.probe.blocks: wanted 3, got 2')
    expect(r.stdout).toMatch(/replay: nexum-sim run \S*bad\.yaml --seed 7 --mode fixture/)
  })

  it('--reporter json prints the spec’s object; --reporter junit prints JUnit XML', async () => {
    const dir = scenarioTree({ 'ok.yaml': probeScenario('ok', 1, 1), 'bad.yaml': probeScenario('bad', 1, 2) })
    const json = await runCli(['run', dir, '--reporter', 'json'])
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report).toMatchObject({ passed: 1, failed: 1, skipped: 0 })
    const bad = report.scenarios.find((s: { name: string }) => s.name === 'bad')
    expect(bad).toMatchObject({
      mode: 'fixture',
      status: 'failed',
      failures: ['expect.dispatch.probe.blocks: wanted 2, got 1'],
    })
    expect(bad.traceHash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(typeof bad.durationMs).toBe('number')
    const junit = await runCli(['run', dir, '--reporter=junit'])
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
    expect(junit.stdout).toContain('<testsuite name="nexum-sim scenarios" tests="2" failures="1" skipped="0"')
    expect(junit.stdout).toContain('<failure message="expect.dispatch.probe.blocks: wanted 2, got 1">')
  })

  it('--output FILE takes the report off standard output: the file holds the XML alone', async () => {
    const dir = scenarioTree({ 'ok.yaml': probeScenario('ok', 1, 1) })
    const file = join(dir, 'junit.xml')
    const r = await runCli(['run', join(dir, 'ok.yaml'), '--reporter', 'junit', '--output', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    const xml = readFileSync(file, 'utf8')
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/)
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true)
  })

  it('--out writes each trace, report.json and junit.xml; the same seed gives the same trace', async () => {
    const dir = scenarioTree({ 'ok.yaml': probeScenario('ok', 3, 3) })
    const out1 = join(dir, 'out1')
    const out2 = join(dir, 'out2')
    await runCli(['run', dir, '--out', out1])
    await runCli(['run', join(dir, 'ok.yaml'), '--out', out2])
    const trace = readdirSync(out1).find((f) => f.endsWith('.trace.jsonl'))!
    expect(existsSync(join(out1, 'report.json'))).toBe(true)
    expect(existsSync(join(out1, 'junit.xml'))).toBe(true)
    const lines = readFileSync(join(out1, trace), 'utf8').trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).type)).toContain('dispatch')
    expect(readFileSync(join(out2, trace), 'utf8')).toBe(readFileSync(join(out1, trace), 'utf8'))
  })

  it('--mode anvil skips fixture-only scenarios; a bad option is a usage error (exit 2)', async () => {
    const dir = scenarioTree({ 'ok.yaml': probeScenario('ok', 1, 1) })
    const anvil = await runCli(['run', dir, '--mode', 'anvil'])
    expect(anvil.code).toBe(0)
    expect(anvil.stdout.trim().split('\n').pop()).toBe('0 passed, 0 failed, 1 skipped')
    const usage = await runCli(['run', dir, '--mode', 'live'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--mode: expected fixture, anvil or both, found live')
  })

  it('a path that does not exist exits 1 naming it', async () => {
    const r = await runCli(['run', '/nonexistent/scenarios'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('/nonexistent/scenarios')
  })
})
