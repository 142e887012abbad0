// Worker threads report how long each took to load its code (the `fuzz` benchmark prints it apart
// from the cases/s). A worker's performance.now() counts from the process's origin, so a reading
// taken inside the thread alone grew with everything the process had done before it.
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { runFuzz } from './run-fuzz.js'

it('reports each worker thread’s load time from its own start, not from the process’s', async () => {
  const dir = tempDir('run-fuzz-')
  const loads: number[] = []
  const started = performance.now()
  const report = await runFuzz({
    // One tiny case per worker: the campaign is its threads' load time and little more, so a
    // load time counted from the process's origin (seconds of imports earlier) exceeds it.
    runs: 2,
    seed: 3,
    workers: 2,
    out: join(dir, 'out'),
    corpus: join(dir, 'corpus.jsonl'),
    rerun: false,
    maxSteps: 2,
    onWorkerLoaded: (ms) => loads.push(ms),
  })
  const wall = performance.now() - started
  expect(report.failed).toBe(0)
  expect(loads).toHaveLength(2)
  for (const ms of loads) {
    expect(ms).toBeGreaterThan(0)
    expect(ms).toBeLessThan(wall)
  }
}, 120_000)
