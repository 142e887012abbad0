// A scenario lane: a worker thread that runs scenario files of a run beside the run's own thread
// (decision 0220). Each file is run exactly as the run's thread would run it (run-file.ts); the
// thread has its own globals, so MSW's patched fetch, the leak watch's timers and the
// `unhandledRejection` listener of a scenario here never meet those of another lane. Files come
// one at a time from the run (the next on asking), outcomes go back as plain data.
import { parentPort } from 'node:worker_threads'
import { keepMswListening } from '../orderbook/msw-keep.js'
import { forgetParsedScenarios } from '../scenario/parsed-scenario-cache.js'
import { parseScenarioFileAhead } from '../scenario/load-scenario.js'
import type { FromLane, LaneBatchOptions, ToLane } from './lane-protocol.js'
import { keepTimersPatched } from './leak-watch.js'
import { runFile } from './run-file.js'

const port = parentPort
if (!port) throw new Error('scenario-lane.ts runs as a worker thread (started by scenario-lanes.ts)')

const inbox: ToLane[] = []
let waiting: ((message: ToLane) => void) | undefined
port.on('message', (message: ToLane) => {
  const take = waiting
  waiting = undefined
  if (take) take(message)
  else inbox.push(message)
})

function next(): Promise<ToLane> {
  const queued = inbox.shift()
  return queued ? Promise.resolve(queued) : new Promise((resolve) => (waiting = resolve))
}

const send = (message: FromLane) => port.postMessage(message)
/** The run's cache generation this lane last followed (the lane's own cache starts empty). */
let followed: number | undefined

async function runBatch(options: LaneBatchOptions): Promise<void> {
  if (followed !== undefined && followed !== options.parseGeneration) forgetParsedScenarios()
  followed = options.parseGeneration
  const { parseGeneration: _generation, keepTraces, moduleIndex, ...runOptions } = options
  // As the run's own thread does for a fixture-only run (run-scenarios.ts).
  await keepMswListening(() =>
    keepTimersPatched(async () => {
      send({ kind: 'ready' })
      for (;;) {
        const message = await next()
        if (message.kind === 'parse') {
          const entries = []
          for (const file of message.files) {
            const ahead = await parseScenarioFileAhead(file, { modulesDir: options.modulesDir, moduleIndex })
            if (ahead) entries.push(ahead)
          }
          send({ kind: 'parsed', entries })
          continue
        }
        if (message.kind !== 'file') break
        try {
          const outcome = await runFile(message.file, { ...runOptions, modes: ['fixture'], moduleIndex, keepTraces })
          send({ kind: 'outcome', index: message.index, outcome })
        } catch (error) {
          send({
            kind: 'failed',
            index: message.index,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          })
        }
      }
    }),
  )
  send({ kind: 'ended' })
}

for (;;) {
  const message = await next()
  if (message.kind === 'batch') await runBatch(message.options)
}
