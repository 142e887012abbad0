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
import { type BootFiles, rememberedBootFiles } from './boot-files.js'
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
  // As on the run's thread: one read of each boot file for the batch (decision 0238).
  const bootFiles = rememberedBootFiles()
  // As the run's own thread does for a fixture-only run (run-scenarios.ts).
  await keepMswListening(() =>
    keepTimersPatched(async () => {
      send({ kind: 'ready' })
      // Files run one after another, and so do parses ahead, but the two side by side: a
      // real-time file leaves this thread idle while it waits, time the parses use.
      let running = Promise.resolve()
      let parsing = Promise.resolve()
      for (;;) {
        const message = await next()
        if (message.kind === 'parse') parsing = parsing.then(() => parseAhead(message.files, options))
        else if (message.kind === 'file') running = running.then(() => runOne(message, options, bootFiles))
        else break
      }
      await Promise.all([running, parsing])
    }),
  )
  send({ kind: 'ended' })
}

async function parseAhead(files: readonly string[], options: LaneBatchOptions): Promise<void> {
  const entries = []
  for (const file of files) {
    const ahead = await parseScenarioFileAhead(file, {
      modulesDir: options.modulesDir,
      moduleIndex: options.moduleIndex,
    })
    if (ahead) entries.push(ahead)
  }
  send({ kind: 'parsed', entries })
}

async function runOne(
  message: { index: number; file: string; workerFilesAhead: boolean },
  options: LaneBatchOptions,
  bootFiles: BootFiles,
): Promise<void> {
  const { parseGeneration: _generation, keepTraces, moduleIndex, ...runOptions } = options
  try {
    const outcome = await runFile(message.file, {
      ...runOptions,
      modes: ['fixture'],
      moduleIndex,
      keepTraces,
      bootFiles,
      workerFilesAhead: message.workerFilesAhead,
    })
    send({ kind: 'outcome', index: message.index, outcome })
  } catch (error) {
    send({
      kind: 'failed',
      index: message.index,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
  }
}

for (;;) {
  const message = await next()
  if (message.kind === 'batch') await runBatch(message.options)
}
