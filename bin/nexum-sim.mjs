#!/usr/bin/env node
// Entry point of the `nexum-sim` command. The sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api'

register()
const argv = process.argv.slice(2)
const { main, unfinishedLines } = await import('../harness/cli/main.ts')
// Node ends a process whose top-level await can never settle with exit 13 and no word: name it
// instead, as a crash (exit 1), with the engine's `done` line (decision 0035).
let finished = false
process.once('exit', () => {
  if (finished) return
  for (const line of unfinishedLines(argv)) process.stderr.write(`${line}\n`)
  process.exitCode = 1
})
process.exitCode = await main(argv)
finished = true
