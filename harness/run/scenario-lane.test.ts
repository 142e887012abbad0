// A scenario lane thread (decision 0220) parses ahead beside the file it runs (decision 0239): a
// real-time file leaves the thread idle while it waits, and the run's thread gets its parsed
// files in that time, not after the wait.
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { entryFile } from '../../engine/project/entry-file.js'
import { scanModules } from '../scenario/module-index.js'
import { parsedScenarioFromBytes } from '../scenario/parsed-scenario-cache.js'
import type { FromLane, LaneBatchOptions, ToLane } from './lane-protocol.js'
import { MODULES_DIR } from './run-scenarios.js'

const library = (file: string) => join(process.cwd(), 'scenarios', file)

describe('a scenario lane thread', { timeout: 60_000 }, () => {
  it('answers a parse ahead while its real-time file still waits', async () => {
    const worker = new Worker(entryFile('harness/run/scenario-lane', '.mjs'), { execArgv: [] })
    try {
      const arrived: FromLane[] = []
      const ended = new Promise<void>((resolve, reject) => {
        worker.on('message', (message: FromLane) => {
          arrived.push(message)
          if (message.kind === 'ended') resolve()
        })
        worker.once('error', reject)
      })
      const send = (message: ToLane) => worker.postMessage(message)
      const options: LaneBatchOptions = {
        modulesDir: MODULES_DIR,
        moduleIndex: await scanModules(MODULES_DIR),
        keepTraces: false,
        parseGeneration: 0,
      }
      const ahead = ['boot/nothing-to-run.yaml', 'boot/unknown-capability.yaml'].map(library)
      send({ kind: 'batch', options })
      // The run's order: the lane's file first, then files to parse for the run's thread.
      send({
        kind: 'file',
        index: 0,
        file: library('isolation/cpu-loop-trapped-at-deadline.yaml'),
        workerFilesAhead: false,
      })
      send({ kind: 'parse', files: ahead })
      // The run ends the batch once both answers are in (scenario-lanes.ts).
      let answers = 0
      worker.on('message', (message: FromLane) => {
        if (message.kind === 'outcome' || message.kind === 'parsed') answers++
        if (answers === 2) send({ kind: 'end' })
      })
      await ended
      const kinds = arrived.map((m) => m.kind)
      // The module's CPU loop holds the file for its compute grace (250 ms); the parse is in first.
      expect(kinds).toEqual(['ready', 'parsed', 'outcome', 'ended'])
      const parsed = arrived.find((m) => m.kind === 'parsed')
      expect(
        parsed?.kind === 'parsed' && parsed.entries.map((e) => parsedScenarioFromBytes(e.entry).parsed.name),
      ).toHaveLength(2)
      const outcome = arrived.find((m) => m.kind === 'outcome')
      expect(outcome?.kind === 'outcome' && outcome.outcome.results[0]!.result.status).toBe('passed')
    } finally {
      await worker.terminate()
    }
  })
})
