// An exception escaping the engine fails that scenario with the stack and the replay line; the
// run goes on with the other files and every file is reported. The world here is the fixture
// world with one deliberate defect: for the scenario named "crashes", a block reaches the engine
// without a hash, and the engine's own block projection throws a TypeError outside any module.
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixtureWorld } from '../harness/run/fixture-world.js'
import { runScenarios } from '../harness/run/run-scenarios.js'
import type { WorldBuilder } from '../harness/run/world.js'
import { scenarioTree } from './support/scenario-tree.js'

const scenario = (name: string) => `version: 1
name: ${name}
engine:
  chains: { 11155111: {} }
  modules:
    - { use: probe, subscriptions: [ { kind: block, chain_id: 11155111 } ] }
steps:
  - block: {}
  - block: {}
  - signal: SIGTERM
expect:
  dispatch: { probe: { blocks: 2 } }
`

const defectiveWorld: WorldBuilder = async (input) => {
  const world = await fixtureWorld({ transport: 'in-process' })(input)
  if (input.scenario.name !== 'crashes') return world
  const commitBlock = world.commitBlock.bind(world)
  return Object.assign(world, {
    commitBlock: (chainId: number, header: Parameters<typeof commitBlock>[1]) =>
      commitBlock(chainId, { ...header, hash: undefined as never }),
  })
}

describe('an exception escaping the engine', () => {
  it('fails its scenario with the stack and the replay line; the other files still run and are reported', async () => {
    const dir = scenarioTree({
      'a.yaml': scenario('first'),
      'b.yaml': scenario('crashes'),
      'c.yaml': scenario('last'),
    })
    const results = await runScenarios({ paths: [dir], mode: 'fixture', world: defectiveWorld })
    expect(results.map((r) => [r.file, r.status])).toEqual([
      [join(dir, 'a.yaml'), 'passed'],
      [join(dir, 'b.yaml'), 'failed'],
      [join(dir, 'c.yaml'), 'passed'],
    ])
    const crashed = results[1]!
    const [first] = crashed.failures
    expect(first).toMatch(/^steps\[0\]: the engine threw: TypeError: .*toLowerCase/)
    expect(first).toMatch(/\n\s+at .*engine\/run-engine\.ts/)
    expect(crashed.replay).toBe(
      `nexum-sim run ${relative(process.cwd(), join(dir, 'b.yaml'))} --seed ${crashed.seed} --mode fixture`,
    )
  })

  it('a promise rejection nobody handles fails the scenario it happened in, not the process', async () => {
    const dir = scenarioTree({
      'a.yaml': scenario('floating').replace('- { use: probe,', '- { path: ./floater,'),
      'floater/module.toml': '[module]\nname = "probe"\n',
      'floater/index.mjs':
        "export async function init() {}\nexport async function onEvent() { Promise.reject(new Error('floating rejection')) }\n",
      'b.yaml': scenario('after'),
    })
    const results = await runScenarios({ paths: [dir], mode: 'fixture' })
    expect(results.map((r) => r.status)).toEqual(['failed', 'passed'])
    expect(results[0]!.failures).toEqual([
      expect.stringMatching(/^an unhandled promise rejection during the run: Error: floating rejection\n\s+at /),
      expect.stringMatching(/^an unhandled promise rejection during the run: Error: floating rejection/),
    ])
  })
})
