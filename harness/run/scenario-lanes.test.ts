// Scenario lanes (decision 0220): a run spread over threads reports exactly what a one-thread run
// reports, in file order: passes, failures with their replay line, a file that cannot be parsed,
// trace lines, worker-isolated modules trapped inside a lane thread.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ScenarioResult } from '../report/scenario-result.js'
import { probeScenario as probe, scenarioTree } from '../../test/support/scenario-tree.js'
import { runScenarios } from './run-scenarios.js'
import { autoLanes, closeScenarioLanes, MIN_FILES_FOR_SIDE_LANE, realTimeFiles, runOnLanes } from './scenario-lanes.js'

const library = (file: string) => readFileSync(join('scenarios', file), 'utf8')

/** A tree with passes, two failures, an unparseable file and worker-isolated modules (late in file order). */
function mixedTree(): string {
  const files: Record<string, string> = {
    'a/broken.yaml': 'version: 1\nname: [unclosed\n',
    'a/fails.yaml': probe('fails', 2, 3),
    'z/timer-throw.yaml': library('isolation/timer-throw-traps-its-module.yaml'),
    'z/leaked-interval.yaml': library('isolation/leaked-interval-traps-its-module.yaml'),
    'z/fails-too.yaml': probe('fails too', 1, 4),
  }
  for (let i = 0; i < 9; i++) files[`m/ok-${i}.yaml`] = probe(`ok ${i}`, 1 + (i % 3), 1 + (i % 3))
  return scenarioTree(files)
}

/** What a report shows of a result: everything but the real time it took. */
const shown = ({ durationMs: _ms, ...rest }: ScenarioResult) => rest

afterAll(async () => {
  await closeScenarioLanes()
})

describe('scenario lanes', { timeout: 120_000 }, () => {
  it('three threads report the same results, trace lines and order as one thread', async () => {
    const dir = mixedTree()
    const run = async (threads: number) => {
      const told: { file: string; lines: readonly string[] }[] = []
      const started: string[] = []
      const results = await runScenarios({
        paths: [dir],
        mode: 'fixture',
        threads,
        keepTraces: true,
        onStart: (_i, _n, file) => started.push(file),
        onResult: (result, lines) => told.push({ file: result.file, lines }),
      })
      return { results, told, started }
    }
    const one = await run(1)
    const three = await run(3)
    // Lane threads were made (and are kept for the next run of the process until closed).
    expect(await closeScenarioLanes()).toBe(2)

    expect(three.results.map(shown)).toEqual(one.results.map(shown))
    expect(three.told).toEqual(one.told)
    expect([...three.started].sort()).toEqual([...one.started].sort())
    // What the comparison covers: a pass, both failures with their replay line, the parse error,
    // the worker-isolated traps, with trace lines.
    const byName = new Map(three.results.map((r) => [r.file.slice(dir.length + 1), r]))
    expect(byName.get('a/broken.yaml')?.status).toBe('failed')
    expect(byName.get('a/fails.yaml')?.failures.join('\n')).toContain('expect.dispatch.probe.blocks: wanted 3, got 2')
    expect(byName.get('a/fails.yaml')?.replay).toMatch(/^nexum-sim run \S*fails\.yaml --seed \d+ --mode fixture$/)
    expect(byName.get('z/fails-too.yaml')?.status).toBe('failed')
    expect(byName.get('z/timer-throw.yaml')?.status).toBe('passed')
    expect(byName.get('z/leaked-interval.yaml')?.status).toBe('passed')
    expect(byName.get('m/ok-4.yaml')?.status).toBe('passed')
    expect(three.told.find((t) => t.file.endsWith('ok-4.yaml'))?.lines.length).toBeGreaterThan(0)
    expect(three.results.filter((r) => r.status === 'passed')).toHaveLength(11)
  })

  it('a second run reuses the kept lane threads, and sees edited files', async () => {
    const dir = scenarioTree(
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`s${i}.yaml`, probe(`s${i}`, 1, 1)])),
    )
    const first = await runScenarios({ paths: [dir], mode: 'fixture', threads: 2 })
    expect(first.every((r) => r.status === 'passed')).toBe(true)
    const { writeFileSync } = await import('node:fs')
    for (let i = 0; i < 6; i++) writeFileSync(join(dir, `s${i}.yaml`), probe(`s${i}`, 1, 2))
    const second = await runScenarios({ paths: [dir], mode: 'fixture', threads: 2 })
    expect(second.map((r) => r.status)).toEqual(Array(6).fill('failed'))
    expect(await closeScenarioLanes()).toBe(1)
  })

  it('auto on a long run: a side lane takes the worker-isolated files and parses ahead, the same report as one thread', async () => {
    const files: Record<string, string> = {
      'a/fails.yaml': probe('fails', 2, 3),
      'b/timer-throw.yaml': library('isolation/timer-throw-traps-its-module.yaml'),
      'c/leaked-interval.yaml': library('isolation/leaked-interval-traps-its-module.yaml'),
    }
    for (let i = 0; i < MIN_FILES_FOR_SIDE_LANE; i++) files[`d/ok-${i}.yaml`] = probe(`ok ${i}`, 1, 1)
    const dir = scenarioTree(files)
    const one = await runScenarios({ paths: [dir], mode: 'fixture', threads: 1 })
    const auto = await runScenarios({ paths: [dir], mode: 'fixture', threads: 'auto' })
    expect(auto.map(shown)).toEqual(one.map(shown))
    expect(auto.filter((r) => r.status === 'failed').map((r) => r.replay)).toEqual([
      expect.stringMatching(/fails\.yaml --seed \d+ --mode fixture$/),
    ])
    // One side lane ran, on a machine with a second core.
    expect(await closeScenarioLanes()).toBe(availableParallelism() >= 2 ? 1 : 0)
  })

  it('real-time files: a top-level `isolation: worker`, or every file under --isolation worker', async () => {
    const dir = scenarioTree({
      'a.yaml': probe('a', 1, 1),
      'b.yaml': library('isolation/timer-throw-traps-its-module.yaml'),
      'c.yaml': `${probe('c', 1, 1)}# isolation: worker is only a comment here\n`,
      'd.yaml': `isolation:   worker\n${probe('d', 1, 1)}`,
    })
    const files = ['a', 'b', 'c', 'd', 'missing'].map((n) => join(dir, `${n}.yaml`))
    expect([...(await realTimeFiles(files))]).toEqual([1, 3])
    expect([...(await realTimeFiles(files, 'worker'))]).toEqual([0, 1, 2, 3, 4])
  })

  it('tells each file whether worker-isolated files are still queued after it', async () => {
    const dir = scenarioTree({
      'a.yaml': probe('a', 1, 1),
      'b.yaml': 'isolation: worker\n',
      'c.yaml': probe('c', 1, 1),
      'd.yaml': 'isolation: worker\n',
    })
    const told: [string, boolean][] = []
    await runOnLanes({
      files: ['a', 'b', 'c', 'd'].map((n) => join(dir, `${n}.yaml`)),
      threads: 1,
      share: 'all',
      options: {
        modulesDir: dir,
        moduleIndex: { searched: [], byName: new Map(), unreadable: [] },
        keepTraces: false,
        parseGeneration: 0,
      },
      runHere: async (file, workerFilesAhead) => {
        told.push([file.slice(dir.length + 1), workerFilesAhead])
        return { results: [] }
      },
      onOutcome: async () => {},
    })
    // This thread takes the others first, then the real-time files: no reserve after the last.
    expect(told).toEqual([
      ['a.yaml', true],
      ['c.yaml', true],
      ['b.yaml', true],
      ['d.yaml', false],
    ])
  })

  it('auto: a side lane for a run of 16 files or more on two cores or more, else none', () => {
    expect(autoLanes(107, 2)).toEqual({ threads: 2, share: 'real-time' })
    expect(autoLanes(107, 64).threads).toBe(2)
    expect(autoLanes(MIN_FILES_FOR_SIDE_LANE - 1, 8).threads).toBe(1)
    expect(autoLanes(MIN_FILES_FOR_SIDE_LANE, 8).threads).toBe(2)
    expect(autoLanes(500, 1).threads).toBe(1)
  })
})
