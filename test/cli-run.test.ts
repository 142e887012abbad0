// `nexum-sim run` as a real child process: exit status, reporters, --out, --seed, --mode, usage.
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, runCli } from './support/run-cli.js'
import { probeScenario, scenarioTree } from './support/scenario-tree.js'

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
    expect(junit.stdout).toContain(
      '<testsuite name="nexum-sim scenarios" tests="2" failures="1" errors="0" skipped="0"',
    )
    expect(junit.stdout).toContain(
      '<failure message="expect.dispatch.probe.blocks: wanted 2, got 1" type="expectation">',
    )
    expect(junit.stdout).toMatch(/<testcase classname="\.\.\/[^"]*bad\.yaml"/)
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

  it('--out mirrors the scenario tree (x/y.yaml and x__y.yaml stay apart) and writes the reports; same seed, same trace', async () => {
    const dir = scenarioTree({ 'x/y.yaml': probeScenario('nested', 3, 3), 'x__y.yaml': probeScenario('flat', 2, 2) })
    const out1 = join(dir, 'out1')
    const out2 = join(dir, 'out2')
    expect((await runCli(['run', join(dir, 'x'), join(dir, 'x__y.yaml'), '--out', out1])).code).toBe(0)
    await runCli(['run', join(dir, 'x', 'y.yaml'), '--out', out2])
    expect(existsSync(join(out1, 'report.json'))).toBe(true)
    expect(existsSync(join(out1, 'junit.xml'))).toBe(true)
    const nested = readFileSync(join(out1, 'x', 'y.trace.jsonl'), 'utf8')
    const flat = readFileSync(join(out1, 'x__y.trace.jsonl'), 'utf8')
    expect(
      nested
        .trim()
        .split('\n')
        .filter((l) => JSON.parse(l).type === 'dispatch'),
    ).toHaveLength(3)
    expect(
      flat
        .trim()
        .split('\n')
        .filter((l) => JSON.parse(l).type === 'dispatch'),
    ).toHaveLength(2)
    // Run alone, the file's folder is the root: the same trace, byte for byte.
    expect(readFileSync(join(out2, 'y.trace.jsonl'), 'utf8')).toBe(nested)
  })

  it('--out naming an existing file is a usage error (exit 2) with a clear message, before any run', async () => {
    const dir = scenarioTree({ 'ok.yaml': probeScenario('ok', 1, 1), 'taken.txt': 'not a folder' })
    const r = await runCli(['run', join(dir, 'ok.yaml'), '--out', join(dir, 'taken.txt')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `--out ${join(dir, 'taken.txt')}: expected a folder for the traces and reports, found an existing file`,
    )
    expect(r.stderr).not.toContain('EEXIST')
    expect(r.stdout).toBe('')
  })

  it('junk in the folder fails fast and alone: a 5 MB file and a binary one fail, the good one passes, the XML stays valid', async () => {
    const dir = scenarioTree({
      'good.yaml': probeScenario('good', 1, 1),
      'huge.yaml': 'x: '.padEnd(5 * 1024 * 1024, 'junk '),
      'binary.yaml': `version: 1\nname: "\uffff\u0001"\n${'\u0000\uffff:[{'.repeat(200)}\n`,
    })
    const out = join(dir, 'out')
    const r = await runCli(['run', dir, '--reporter', 'junit', '--out', out])
    expect(r.code).toBe(1)
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))
    const byName = Object.fromEntries(report.scenarios.map((s: { file: string }) => [s.file.split('/').pop(), s]))
    expect(byName['good.yaml'].status).toBe('passed')
    expect(byName['huge.yaml'].failures).toEqual([
      `${join(dir, 'huge.yaml')}: expected a scenario file of at most 1 MiB, found 5.0 MiB`,
    ])
    expect(byName['binary.yaml'].status).toBe('failed')
    expect(byName['binary.yaml'].failures.length).toBeLessThanOrEqual(21)
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\ufffe\uffff]/)
    expect(r.stdout).toContain('errors="2"')
  })

  it('an empty folder, or a path that holds no scenario, is a usage error (exit 2) naming it', async () => {
    const dir = scenarioTree({ 'notes.txt': 'no scenarios here' })
    const empty = await runCli(['run', dir])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain(`${dir}: expected at least one scenario file (*.yaml or *.yml), found none`)
    const missing = await runCli(['run', '/nonexistent/scenarios'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('/nonexistent/scenarios')
  })

  it('under GITHUB_ACTIONS=true the default reporter prints ::error annotations on the failing line', async () => {
    const dir = scenarioTree({ 'bad.yaml': probeScenario('bad', 2, 3) })
    const r = await runCli(['run', dir], undefined, { ...process.env, GITHUB_ACTIONS: 'true' })
    expect(r.code).toBe(1)
    const line =
      probeScenario('bad', 2, 3)
        .split('\n')
        .findIndex((l) => l.startsWith('  dispatch:')) + 1
    expect(r.stdout).toContain(`::error file=${relative(ROOT, join(dir, 'bad.yaml'))},line=${line},`)
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

  it('--threads 3 prints the same report (junit, pretty) and exit status as --threads 1; a bad count is a usage error', async () => {
    const dir = scenarioTree({
      'a/ok.yaml': probeScenario('ok', 2, 2),
      'b/bad.yaml': probeScenario('bad', 2, 3),
      'c/ok-too.yaml': probeScenario('ok too', 1, 1),
      'd/broken.yaml': 'version: 1\nname: [unclosed\n',
      'e/ok-three.yaml': probeScenario('ok three', 3, 3),
    })
    const timeless = (text: string) => text.replace(/ time="[\d.]+"| timestamp="[^"]+"/g, '').replace(/ \d+ms$/gm, '')
    for (const reporter of ['junit', 'pretty']) {
      const one = await runCli(['run', dir, '--threads', '1', '--reporter', reporter])
      const three = await runCli(['run', dir, '--threads', '3', '--reporter', reporter])
      expect(three.code).toBe(1)
      expect(one.code).toBe(1)
      expect(timeless(three.stdout)).toBe(timeless(one.stdout))
    }
    const pretty = await runCli(['run', dir, '--threads', '3'])
    expect(pretty.stdout).toMatch(/replay: nexum-sim run \S*bad\.yaml --seed \d+ --mode fixture/)
    const usage = await runCli(['run', dir, '--threads', '0'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--threads: expected auto or a whole number from 1 to 64, found 0')
  })
})
