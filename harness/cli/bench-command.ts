// `nexum-sim bench [NAME ...] [--json]`: measures design.md's performance targets on this machine.
import { UsageError, type CliIo } from './cli-io.js'
import type { CliCommand } from './commands.js'

export const benchCommand: CliCommand = {
  summary: 'measure the performance targets (engine overhead, a Sepolia day, the library, memory)',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { benchmarks } = await import('../bench/benchmarks.js')
    const json = argv.includes('--json')
    const names = argv.filter((a) => !a.startsWith('--'))
    for (const a of argv) if (a.startsWith('--') && a !== '--json') throw new UsageError(`unknown option ${a}`)
    for (const n of names) if (!(n in benchmarks)) throw new UsageError(`unknown benchmark ${n} (known: ${Object.keys(benchmarks).join(', ')})`)
    const results = []
    for (const name of names.length ? names : Object.keys(benchmarks)) {
      const r = await benchmarks[name]!()
      results.push({ id: name, ...r })
      if (!json) io.out(`${r.met ? '✓' : '✗'} ${r.name}: ${r.measured} ${r.unit} (target ≤ ${r.target} ${r.unit})${r.note ? ` — ${r.note}` : ''}`)
    }
    if (json) io.out(JSON.stringify(results, null, 2))
    return 0
  },
}
