#!/usr/bin/env node
// Entry point of the `nexum-sim` command. It runs the prebuilt CLI in dist/ when that build is
// current (every source file as the build saw it, checked by size and mtime: a few ms), else the
// TypeScript sources through tsx's loader, so an edit never runs stale code (decision 0202).
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const dist = join(root, 'dist')
const argv = process.argv.slice(2)
/** @type {{ main: (argv: string[]) => Promise<number>, unfinishedLines: (argv: string[]) => string[] }} */
let cli
/** A copy of the project without its build tooling (build/) has no dist/ to trust either. */
const stamp = await import('../build/build-stamp.mjs').catch(() => undefined)
if (process.env.NEXUM_SIM_FROM_SOURCES !== '1' && stamp?.isBuildCurrent(root, dist)) {
  cli = await import(pathToFileURL(join(dist, 'harness', 'cli', 'main.js')).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import('../harness/cli/main.ts')
}
const { main, unfinishedLines } = cli
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
