// Run as its own process by the bench command: replays the benchmark day and prints the peak
// resident set size (KiB) of this process as its last line.
import { fileURLToPath } from 'node:url'
import { runScenarios } from '../run/run-scenarios.js'

const day = fileURLToPath(new URL('../../fixtures/bench/sepolia-day-m3.yaml', import.meta.url))
const [result] = await runScenarios({ paths: [day], mode: 'fixture', transport: 'in-process' })
if (result?.status !== 'passed') {
  process.stderr.write(`benchmark day failed: ${result?.failures.join('; ')}\n`)
  process.exit(1)
}
process.stdout.write(`${process.resourceUsage().maxRSS}\n`)
