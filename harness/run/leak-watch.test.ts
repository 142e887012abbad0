// In-process runs: a module that leaves a live timer behind fails its scenario, named, and the
// timer is cleared so the process can end; a clean run reports nothing (decision 0180).
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { PROJECT_ROOT } from '../../engine/project/package-root.js'
import { tempDir } from '../../test/support/temp-dir.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import { keepTimersPatched, watchLeaks } from './leak-watch.js'
import { runScenario } from './run-scenario.js'
import { MODULES_DIR, runScenarios } from './run-scenarios.js'

async function scenario(yaml: string) {
  const file = join(tempDir('nexum-leak-'), 'scenario.yaml')
  writeFileSync(file, `version: 1\nname: leak\n${yaml}`)
  return loadScenarioFile(file, { modulesDir: MODULES_DIR, moduleIndex: await scanModules(MODULES_DIR) })
}

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

describe('leak detection for in-process runs', () => {
  it('a module that leaves a setInterval running fails the scenario, naming the timer and the module file', async () => {
    const before = timeouts()
    const run = await runScenario(
      await scenario(`isolation: in-process
engine:
  chains: { 11155111: {} }
  modules:
    - { use: leaked-interval, subscriptions: [ { kind: block, chain_id: 11155111 } ] }
steps:
  - block: {}
  - signal: SIGTERM
expect:
  exit: { reason: signal, code: 0 }
`),
      { mode: 'fixture', transport: 'in-process' },
    )
    expect(run.status).toBe('failed')
    expect(run.failures).toEqual([
      expect.stringMatching(
        /^leak: a live setInterval every 1000 ms outlived the engine \(created at .*modules\/fixtures\/leaked-interval\/index\.ts:\d+:\d+\)/,
      ),
    ])
    // Cleared: nothing of the run keeps the process alive.
    expect(timeouts()).toBeLessThanOrEqual(before)
  })

  it('the same module isolated in a worker is trapped instead, and nothing leaks', async () => {
    const run = await runScenario(
      await scenario(`isolation: worker
engine:
  chains: { 11155111: {} }
  modules:
    - { use: leaked-interval, subscriptions: [ { kind: block, chain_id: 11155111 } ] }
steps:
  - block: {}
expect:
  dead: [leaked-interval]
`),
      { mode: 'fixture', transport: 'in-process' },
    )
    expect(run.failures).toEqual([])
  })

  it('counts only what the run made: timers and handles open before it (vitest’s, a server) are not leaks', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const outside = setInterval(() => {}, 60_000)
    try {
      const { leaks } = await watchLeaks(async () => {
        const inner = setTimeout(() => {}, 10)
        clearTimeout(inner)
        await new Promise((r) => setTimeout(r, 5))
        return 1
      })
      expect(leaks).toEqual([])
      const { leaks: found } = await watchLeaks(async () => {
        const listening = createServer().listen(0, '127.0.0.1')
        setTimeout(function stillPending() {}, 60_000)
        return listening
      }).then(async (r) => {
        r.value.close()
        return r
      })
      expect(found.map((l) => l.what).sort()).toEqual([
        '1 × TCPServerWrap',
        'setTimeout of 60000 ms (callback stillPending)',
      ])
      expect(found.find((l) => l.what.startsWith('setTimeout'))!.where).toMatch(
        /^harness\/run\/leak-watch\.test\.ts:\d+:\d+/,
      )
    } finally {
      clearInterval(outside)
      server.close()
    }
  })

  it('kept patched for a campaign: each run still sees only its own timers, and the originals come back after', async () => {
    const original = globalThis.setTimeout
    const seen = await keepTimersPatched(async () => {
      const patchedDuring = globalThis.setTimeout !== original
      // Made between two watched runs: no run's leak.
      const between = setTimeout(function between() {}, 60_000)
      const first = await watchLeaks(async () => {
        setTimeout(function leftBehind() {}, 60_000)
      })
      const second = await watchLeaks(async () => {
        await new Promise((r) => setTimeout(r, 1))
      })
      clearTimeout(between)
      return { patchedDuring, first: first.leaks.map((l) => l.what), second: second.leaks }
    })
    expect(seen).toEqual({
      patchedDuring: true,
      first: ['setTimeout of 60000 ms (callback leftBehind)'],
      second: [],
    })
    expect(globalThis.setTimeout).toBe(original)
  })
})

describe('a run of many files', () => {
  it('keeps the timer patch for the whole run: each scenario is judged on its own timers, and the originals come back after', async () => {
    const original = globalThis.setTimeout
    const dir = tempDir('nexum-leak-run-')
    const file = (name: string, module: string) =>
      writeFileSync(
        join(dir, `${name}.yaml`),
        `version: 1\nname: ${name}\nisolation: in-process\nengine:\n  chains: { 11155111: {} }\n  modules:\n    - { use: ${module}, subscriptions: [ { kind: block, chain_id: 11155111 } ] }\nsteps:\n  - block: {}\n  - signal: SIGTERM\nexpect:\n  exit: { reason: signal, code: 0 }\n`,
      )
    file('a-leaks', 'leaked-interval')
    file('b-clean', 'probe')
    const results = await runScenarios({ paths: [dir], mode: 'fixture', transport: 'in-process' })
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['a-leaks', 'failed'],
      ['b-clean', 'passed'],
    ])
    expect(results[0]!.failures).toEqual([expect.stringMatching(/^leak: a live setInterval every 1000 ms/)])
    expect(globalThis.setTimeout).toBe(original)
  })
})

describe('the process’s own stdio', () => {
  it('is not a leak when Node first opens stderr during the run (its fetch reads stderr’s colours)', async () => {
    // A plain node process (tsx's loader thread would open stderr first) with stderr on a pipe,
    // running this file bundled: nothing has touched process.stderr before the run.
    const { buildSync } = await import('esbuild')
    // Inside the package (its root is found from the file's own place); .tmp/ is git-ignored.
    mkdirSync(join(PROJECT_ROOT, '.tmp'), { recursive: true })
    const dir = mkdtempSync(join(PROJECT_ROOT, '.tmp', 'leak-stdio-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const out = join(dir, 'child.mjs')
    const entry = join(tempDir('nexum-leak-stdio-'), 'entry.ts')
    writeFileSync(
      entry,
      `import { watchLeaks } from ${JSON.stringify(fileURLToPath(new URL('./leak-watch.ts', import.meta.url)))}
      const { leaks } = await watchLeaks(async () => { new Headers() })
      process.stdout.write(JSON.stringify(leaks))`,
    )
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent' })
    const child = spawnSync(process.execPath, [out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(child.status, child.stderr).toBe(0)
    expect(JSON.parse(child.stdout)).toEqual([])
  })
})
