// A run reads each boot file once for all its files (decision 0238): a module manifest edited
// while the run plays is not seen by the run's later files (as a `restart:` in one scenario does
// not see it), and is seen by the next run, on one thread and on kept scenario lanes alike.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scenarioTree } from '../../test/support/scenario-tree.js'
import { runScenarios } from './run-scenarios.js'
import { closeScenarioLanes } from './scenario-lanes.js'

const PROBE = join(process.cwd(), 'modules', 'fixtures', 'probe')
const MANIFEST = readFileSync(join(PROBE, 'module.toml'), 'utf8')

/** The probe module, its manifest read from `probe.toml` beside the scenario. */
const scenario = (name: string) => `version: 1
name: ${name}
engine:
  chains: { 11155111: {} }
  modules:
    - path: ${JSON.stringify(PROBE)}
      manifest: ./probe.toml
      subscriptions: [ { kind: block, chain_id: 11155111 } ]
steps:
  - blocks: { count: 2 }
  - signal: SIGTERM
expect:
  dispatch: { probe: { blocks: 2 } }
`

function tree(files: number): string {
  const out: Record<string, string> = { 'probe.toml': MANIFEST }
  for (let i = 0; i < files; i++) out[`s${i}.yaml`] = scenario(`file ${i}`)
  return scenarioTree(out)
}

const BROKEN = '[module\nname = "probe"\n'

afterAll(async () => {
  await closeScenarioLanes()
})

describe('a run reads its boot files once', { timeout: 60_000 }, () => {
  it('an edit during the run reaches the next run, not the rest of this one', async () => {
    const dir = tree(3)
    const during = await runScenarios({
      paths: [dir],
      mode: 'fixture',
      threads: 1,
      // After the first file, the manifest every file boots from stops parsing.
      onResult: (result) => {
        if (result.file.endsWith('s0.yaml')) writeFileSync(join(dir, 'probe.toml'), BROKEN)
      },
    })
    expect(during.map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
    const next = await runScenarios({ paths: [dir], mode: 'fixture', threads: 1 })
    expect(next.map((r) => r.status)).toEqual(['failed', 'failed', 'failed'])
    expect(next[0]!.failures.join('\n')).toContain('probe.toml')
    // Mended, the run after sees that too.
    writeFileSync(join(dir, 'probe.toml'), MANIFEST)
    const mended = await runScenarios({ paths: [dir], mode: 'fixture', threads: 1 })
    expect(mended.map((r) => r.status)).toEqual(['passed', 'passed', 'passed'])
  })

  it('a kept lane thread reads them again for each run', async () => {
    const dir = tree(4)
    const first = await runScenarios({ paths: [dir], mode: 'fixture', threads: 2 })
    expect(first.map((r) => r.status)).toEqual(Array(4).fill('passed'))
    writeFileSync(join(dir, 'probe.toml'), BROKEN)
    const second = await runScenarios({ paths: [dir], mode: 'fixture', threads: 2 })
    expect(second.map((r) => r.status)).toEqual(Array(4).fill('failed'))
    expect(await closeScenarioLanes()).toBe(1)
  })
})
