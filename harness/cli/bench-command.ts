// `nexum-sim bench [NAME ...] [--json] [--strict]`: measures docs/performance.md's targets on
// this machine. --strict exits 1 when a target is missed or a benchmark fails.
import { RUNNING_PREBUILT } from '../../engine/project/entry-file.js'
import { UsageError, type CliIo } from './cli-io.js'
import { defineCommand } from './define-command.js'

export const benchCommand = defineCommand({
  name: 'bench',
  summary:
    'measure the performance targets (engine overhead, Sepolia days and a week, cold start, the library, memory)',
  positionals: '[NAME ...]',
  description: [
    'Measures the performance targets on this machine (all of them, or the benchmarks named).',
    'Figures and targets: docs/performance.md.',
  ],
  options: {
    json: { type: 'boolean', description: 'print the results as JSON' },
    strict: { type: 'boolean', description: 'exit 1 when a target is missed or a benchmark fails' },
  },
  exitStatus: ['0 measured (with --strict: every target met)', '1 with --strict: a target missed', '2 usage error'],
  async run({ options, positionals: names }, io: CliIo): Promise<number> {
    const { benchmarks } = await import('../bench/benchmarks.js')
    for (const n of names)
      if (!Object.hasOwn(benchmarks, n))
        throw new UsageError(`unknown benchmark ${n} (known: ${Object.keys(benchmarks).join(', ')})`)
    const warning = sourcesWarning(RUNNING_PREBUILT)
    if (warning) io.err(warning)
    const results: object[] = []
    let missed = 0
    for (const id of names.length ? names : Object.keys(benchmarks)) {
      try {
        const { also, ...r } = await benchmarks[id]!()
        for (const figure of [{ id, ...r }, ...(also ?? [])]) {
          if (!figure.met) missed++
          results.push(figure)
          if (!options.json)
            io.out(
              `${figure.met ? '✓' : '✗'} ${figure.id}: ${figure.name}: ${figure.measured} ${figure.unit} (target ${figure.better === 'higher' ? '≥' : '≤'} ${figure.target} ${figure.unit})${figure.note ? ` — ${figure.note}` : ''}`,
            )
        }
      } catch (error) {
        missed++
        const message = error instanceof Error ? error.message : String(error)
        results.push({ id, error: message })
        if (!options.json) io.out(`✗ ${id}: failed: ${message}`)
      }
    }
    if (options.json) io.out(JSON.stringify(results, null, 2))
    return options.strict && missed > 0 ? 1 : 0
  },
})

/**
 * Said on stderr when the CLI runs from the TypeScript sources (a source is newer than dist/,
 * decision 0202): the day then measures 2–15 % slower than prebuilt (docs/performance.md, sixth
 * pass), so such figures must not be compared with the targets or with a prebuilt run's.
 */
export function sourcesWarning(prebuilt: boolean): string | undefined {
  return prebuilt
    ? undefined
    : "bench: running from the TypeScript sources through tsx (dist/ is missing or older than a source): figures are slower than the prebuilt CLI's; run `npm run build` first to measure the targets"
}
