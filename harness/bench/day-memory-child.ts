// Run as its own process by the bench command: replays one benchmark scenario (the day, the week)
// and prints the peak resident set size (KiB) of this process's own memory as its last line.
import { runScenarios } from '../run/run-scenarios.js'
import { ownPeakRssKiB } from './own-peak-rss.js'

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: day-memory-child <scenario.yaml>\n')
  process.exit(2)
}
const [result] = await runScenarios({ paths: [file], mode: 'fixture', transport: 'in-process' })
if (result?.status !== 'passed') {
  process.stderr.write(`benchmark scenario ${file} failed: ${result?.failures.join('; ')}\n`)
  process.exit(1)
}
process.stdout.write(`${ownPeakRssKiB()}\n`)
