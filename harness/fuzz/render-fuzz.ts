// The pretty report of a fuzz campaign: failures with their replay lines, then the coverage table.
import { coverageTable } from './coverage.js'
import type { FuzzReport } from './run-fuzz.js'

export function renderFuzzPretty(r: FuzzReport): string {
  const lines: string[] = []
  for (const f of r.failures) {
    lines.push(`FAIL fuzz seed ${f.seed} path ${f.path}`)
    for (const failure of f.failures.slice(0, 10)) lines.push(`  ${failure.split('\n')[0]}`)
    lines.push(`  shrunk case written to ${f.file}`)
    lines.push(`  replay: ${f.replay}`)
    lines.push(`  (through the fuzzer: ${f.fuzzReplay})`)
  }
  lines.push(coverageTable(r.coverage))
  lines.push(
    `${r.runs} cases (${r.corpusReplayed} from the corpus), ${r.failed} failed, seed ${r.seed}, ${r.workers} worker(s)`,
  )
  return lines.join('\n')
}
