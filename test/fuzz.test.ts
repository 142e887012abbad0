// `nexum-sim fuzz` end to end: the bounded campaign `npm test` runs, and a deliberately broken
// engine (a scratch copy of the project with one bug planted) whose failure becomes a regression
// scenario that fails under `nexum-sim run` there and passes against the real engine.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type CliResult, ROOT, runCli } from './support/run-cli.js'
import { tempDir } from './support/temp-dir.js'

/** The CLI of a scratch copy of the project, run in that copy. */
const runIn = (dir: string, args: string[]): Promise<CliResult> =>
  runCli(args, dir, process.env, join(dir, 'bin', 'nexum-sim.mjs'))

// Child processes on a loaded 2-core machine: generous timeouts, no timing assertions. The tests
// are independent (each its own folders), so they run at once: the wall time is the longest one.
describe('nexum-sim fuzz', { timeout: 600_000, concurrent: true }, () => {
  it('the bounded campaign: 300 cases from seed 7 pass, with the report fields and the coverage table', async ({
    onTestFinished,
  }) => {
    const dir = tempDir('nexum-fuzz-', onTestFinished)
    const r = await runCli([
      'fuzz',
      '--runs',
      '300',
      '--seed',
      '7',
      '--reporter',
      'json',
      '--out',
      dir,
      '--corpus',
      join(dir, 'corpus.jsonl'),
    ])
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ runs: 300, failed: 0, seed: 7, failures: [] })
    // Every exit reason and dispatch outcome the generator can reach is reached by this budget.
    for (const item of [
      'exit:signal',
      'exit:block-stream-ended',
      'exit:log-stream-ended',
      'exit:nothing-to-run',
      'outcome:ok',
      'outcome:error',
      'outcome:trap',
      'decision:submitted',
      'decision:already-submitted',
      'decision:try-next-block',
      'decision:backoff',
      'decision:drop',
      'fault:reorg',
      'fault:rpc-error',
      'fault:rpc-never',
      'fault:ob-reject',
      'fault:ob-429',
      'fault:ob-5xx',
      'fault:ob-timeout',
      'gate:gate-backoff',
      'module:stop-loss',
      'module:price-alert',
      'module:balance-tracker',
      'module:twap-monitor',
      'module:ethflow-watcher',
      // twap-monitor and ethflow-watcher on real payloads (all but the rarest classes).
      ...[
        'indexed',
        'ignored',
        'gated',
        'poll-failed',
        'poll-try-next-block',
        'poll-try-at-block',
        'poll-try-at-epoch',
        'poll-dont-try-again',
        'tranche-settled',
        'tranche-expired',
        'submitted',
        'already-submitted',
        'try-next-block',
        'backoff',
        'drop',
      ].map((c) => `decision:twap-monitor:${c}`),
      ...['ignored', 'skipped', 'observed', 'not-indexed', 'lookup-failed', 'already-observed'].map(
        (c) => `decision:ethflow-watcher:${c}`,
      ),
    ])
      expect(report.coverage[item], item).toBeGreaterThan(0)
    expect(r.code).toBe(0)
    expect(readdirSync(dir)).toEqual([])
  })

  it('a broken engine: the shrunk failure is written as a scenario that fails under nexum-sim run, and the seed joins the corpus', async ({
    onTestFinished,
  }) => {
    const copy = tempDir('nexum-broken-', onTestFinished)
    const parts = ['bin', 'build', 'engine', 'harness', 'modules', 'policies', 'package.json', 'package-lock.json']
    for (const part of [...parts, 'tsconfig.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
    // The planted bug: a trapped module still receives blocks.
    const supervisor = join(copy, 'engine', 'supervisor', 'supervisor.ts')
    const text = readFileSync(supervisor, 'utf8')
    const plants: [string, string][] = [
      [
        'this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId))',
        'this.modules.filter((m) => m.blockChains.has(block.chainId))',
      ],
      [
        '      if (!m.alive) continue\n      if ((await this.dispatch(m, event',
        '      if ((await this.dispatch(m, event',
      ],
    ]
    let planted = text
    for (const [find, replacement] of plants) {
      expect(planted.split(find)).toHaveLength(2)
      planted = planted.replace(find, replacement)
    }
    writeFileSync(supervisor, planted)
    // The copy's CLI prebuilt, as `npm ci` leaves a clone: its four runs start without tsx.
    execFileSync(process.execPath, [join('build', 'build.mjs')], { cwd: copy, stdio: 'ignore' })

    const fuzz = await runIn(copy, ['fuzz', '--runs', '200', '--seed', '7', '--shrink-seconds', '3'])
    expect(fuzz.code).toBe(1)
    const written = readdirSync(join(copy, 'scenarios', 'regressions')).filter((f) => f.endsWith('.yaml'))
    expect(written).toHaveLength(1)
    const file = join('scenarios', 'regressions', written[0] as string)
    expect(fuzz.stdout).toContain(`replay: nexum-sim run ${file}`)
    expect(fuzz.stdout).toMatch(/through the fuzzer: nexum-sim fuzz --seed 7 --path \d+(:\d+)*/)
    const corpus = readFileSync(join(copy, 'scenarios', 'regressions', 'fuzz-corpus.jsonl'), 'utf8')
      .trim()
      .split('\n')
    expect(corpus.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ seed: 7, file })])

    // Without fast-check: the broken engine fails the scenario, the real one passes it. The next
    // campaign replays the corpus first; --rerun replays only it (writing elsewhere, so the file
    // the two runs read is not rewritten under them). Independent: run at once.
    const [broken, real, rerun] = await Promise.all([
      runIn(copy, ['run', file]),
      runCli(['run', join(copy, file)]),
      runIn(copy, ['fuzz', '--rerun', '--reporter', 'json', '--out', join('scenarios', 'rerun')]),
    ])
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/no-dispatch-to-dead-module|expect\.dispatch/)
    expect(real.stdout).toMatch(/1 passed, 0 failed/)
    expect(real.code).toBe(0)
    const report = JSON.parse(rerun.stdout)
    expect(report).toMatchObject({ runs: 1, corpusReplayed: 1, failed: 1 })
    expect(report.failures[0].file).toMatch(/^scenarios\/rerun\/fuzz-7-[0-9a-f]{8}\.yaml$/)
    expect(existsSync(join(copy, report.failures[0].file))).toBe(true)
  })

  it('refuses a path without its seed and a bad count, naming the option', async () => {
    const [noSeed, badRuns] = await Promise.all([runCli(['fuzz', '--path', '1:2']), runCli(['fuzz', '--runs', 'many'])])
    expect(noSeed.code).toBe(2)
    expect(noSeed.stderr).toContain('--path: needs the --seed')
    expect(badRuns.code).toBe(2)
    expect(badRuns.stderr).toContain('--runs: expected an integer >= 1, found many')
  })
})
