// `nexum-sim bench [NAME ...] [--json] [--strict]`: measures design.md's performance targets on
// this machine. --strict exits 1 when a target is missed or a benchmark fails.
import { UsageError, type CliIo } from './cli-io.js'
import type { CliCommand } from './commands.js'

const OPTIONS = ['--json', '--strict']

export const benchCommand: CliCommand = {
  summary: 'measure the performance targets (engine overhead, a Sepolia day, the library, memory)',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { benchmarks } = await import('../bench/benchmarks.js')
    for (const a of argv)
      if (a.startsWith('--') && !OPTIONS.includes(a))
        throw new UsageError(`unknown option ${a} (options: ${OPTIONS.join(', ')})`)
    const json = argv.includes('--json')
    const strict = argv.includes('--strict')
    const names = argv.filter((a) => !a.startsWith('--'))
    for (const n of names)
      if (!(n in benchmarks))
        throw new UsageError(`unknown benchmark ${n} (known: ${Object.keys(benchmarks).join(', ')})`)
    const results: Record<string, unknown>[] = []
    let missed = 0
    for (const id of names.length ? names : Object.keys(benchmarks)) {
      try {
        const r = await benchmarks[id]!()
        if (!r.met) missed++
        results.push({ id, ...r })
        if (!json)
          io.out(
            `${r.met ? '✓' : '✗'} ${r.name}: ${r.measured} ${r.unit} (target ≤ ${r.target} ${r.unit})${r.note ? ` — ${r.note}` : ''}`,
          )
      } catch (error) {
        missed++
        const message = error instanceof Error ? error.message : String(error)
        results.push({ id, error: message })
        if (!json) io.out(`✗ ${id}: failed: ${message}`)
      }
    }
    if (json) io.out(JSON.stringify(results, null, 2))
    return strict && missed > 0 ? 1 : 0
  },
}
