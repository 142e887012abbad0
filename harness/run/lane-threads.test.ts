// Lane threads (decisions 0220, 0256): how many a run takes, and threads started ahead of a run
// (by the CLI, before it imports the runner) are the ones the run then drives.
import { afterEach, describe, expect, it } from 'vitest'
import {
  closeScenarioLanes,
  lanePlan,
  laneThread,
  laneThreadCount,
  MIN_FILES_FOR_SIDE_LANE,
  releaseLaneThread,
  startLaneThreads,
} from './lane-threads.js'

afterEach(async () => {
  await closeScenarioLanes()
})

describe('lanePlan', () => {
  it('auto: a side lane for a long fixture run on two cores, else this thread alone', () => {
    expect(lanePlan('auto', MIN_FILES_FOR_SIDE_LANE, true, 2)).toEqual({ threads: 2, share: 'real-time' })
    expect(lanePlan('auto', MIN_FILES_FOR_SIDE_LANE - 1, true, 2)).toEqual({ threads: 1, share: 'real-time' })
    expect(lanePlan('auto', 100, true, 1)).toEqual({ threads: 1, share: 'real-time' })
  })

  it('a number of threads shares every file; one thread, one file or another world keeps this thread alone', () => {
    expect(lanePlan(3, 10, true, 2)).toEqual({ threads: 3, share: 'all' })
    expect(lanePlan(1, 100, true, 2)).toEqual({ threads: 1, share: 'all' })
    expect(lanePlan(3, 1, true, 2)).toEqual({ threads: 1, share: 'all' })
    expect(lanePlan('auto', 100, false, 2)).toEqual({ threads: 1, share: 'all' })
    expect(lanePlan(3, 100, false, 2)).toEqual({ threads: 1, share: 'all' })
  })

  it('worker threads started: one side lane; lanes sharing files, no more than the other files', () => {
    expect(laneThreadCount({ threads: 2, share: 'real-time' }, 100)).toBe(1)
    expect(laneThreadCount({ threads: 1, share: 'all' }, 100)).toBe(0)
    expect(laneThreadCount({ threads: 4, share: 'all' }, 100)).toBe(3)
    expect(laneThreadCount({ threads: 4, share: 'all' }, 2)).toBe(1)
  })
})

describe('lane threads started ahead of a run', { timeout: 30_000 }, () => {
  it('are the threads a run then takes, and are started once', async () => {
    const started = startLaneThreads(1)
    expect(started).toHaveLength(1)
    expect(startLaneThreads(1)).toEqual([]) // one is waiting already
    const taken = laneThread()
    expect(taken).toBe(started[0])
    releaseLaneThread(taken)
    expect(await closeScenarioLanes()).toBe(1)
  })

  it('a thread that ended while waiting is never handed out; a new one is started instead', async () => {
    const [early] = startLaneThreads(1)
    await early!.terminate()
    // The death is seen (its exit event) before any run asks.
    await new Promise((resolve) => setImmediate(resolve))
    const [again] = startLaneThreads(1)
    expect(again).toBeDefined()
    expect(again).not.toBe(early)
    const taken = laneThread()
    expect(taken).toBe(again)
    releaseLaneThread(taken)
  })
})
