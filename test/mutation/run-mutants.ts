// `npm run test:mutation [-- [--fuzz] ID ...]`: each mutant (mutants.ts) in its own throwaway git worktree
// of HEAD, the scenario library run against it and, when no library file catches it, the bounded
// fuzz campaign of `npm test` (300 cases, seed 7); then a table of what caught each. Exit 1 when a
// mutant survives both or no longer applies. With --fuzz the campaign runs on every mutant, so the
// table says which ones the fuzzer alone kills within its default budget. Slow (a library run per mutant), so it is not part
// of `npm test`. Only committed code is mutated: commit before running.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { MUTANTS, type Mutant } from './mutants.js'

interface Outcome {
  mutant: Mutant
  error?: string
  failing: { file: string; firstFailure: string }[]
  /** Run only when the library let the mutant through: how many fuzz cases failed. */
  fuzzFailed?: number
}

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim()

function apply(dir: string, m: Mutant): void {
  const path = join(dir, m.file)
  const text = readFileSync(path, 'utf8')
  const count = text.split(m.find).length - 1
  if (count !== 1) throw new Error(`${m.file}: the text to mutate occurs ${count} times (expected exactly once)`)
  writeFileSync(path, text.replace(m.find, m.replace))
}

function runLibrary(dir: string): Outcome['failing'] {
  const run = spawnSync(process.execPath, ['bin/nexum-sim.mjs', 'run', 'scenarios', '--reporter', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  let report: { scenarios: { file: string; status: string; failures: string[] }[] }
  try {
    report = JSON.parse(run.stdout)
  } catch {
    throw new Error(`the library run did not report (exit ${run.status}): ${run.stderr.slice(-2000)}`)
  }
  return report.scenarios
    .filter((s) => s.status === 'failed')
    .map((s) => ({ file: relative(dir, s.file), firstFailure: s.failures[0] ?? '' }))
}

/** The campaign `npm test` runs; its shrunk failures go to a scratch folder, not the library. */
function runFuzz(dir: string): number {
  const scratch = mkdtempSync(join(tmpdir(), 'nexum-mutant-fuzz-'))
  try {
    const args = ['bin/nexum-sim.mjs', 'fuzz', '--runs', '300', '--seed', '7', '--reporter', 'json']
    args.push('--out', scratch, '--corpus', join(scratch, 'corpus.jsonl'), '--shrink-seconds', '5')
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    try {
      return (JSON.parse(run.stdout) as { failed: number }).failed
    } catch {
      throw new Error(`the fuzz campaign did not report (exit ${run.status}): ${run.stderr.slice(-2000)}`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function runMutant(m: Mutant): Outcome {
  // No mutant id in the path: a log line naming the folder must not match a scenario's text.
  const dir = mkdtempSync(join(tmpdir(), 'nexum-mutant-'))
  rmSync(dir, { recursive: true })
  execFileSync('git', ['worktree', 'add', '--detach', dir, 'HEAD'], { cwd: root, stdio: 'ignore' })
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
    apply(dir, m)
    const failing = runLibrary(dir)
    return failing.length && !alwaysFuzz ? { mutant: m, failing } : { mutant: m, failing, fuzzFailed: runFuzz(dir) }
  } catch (error) {
    return { mutant: m, failing: [], error: error instanceof Error ? error.message : String(error) }
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
}

const alwaysFuzz = process.argv.includes('--fuzz')
const only = process.argv.slice(2).filter((a) => a !== '--fuzz')
const selected = only.length ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS
const unknown = only.filter((id) => !MUTANTS.some((m) => m.id === id))
if (unknown.length) {
  console.error(`unknown mutant ${unknown.join(', ')} (known: ${MUTANTS.map((m) => m.id).join(', ')})`)
  process.exit(2)
}

const outcomes: Outcome[] = []
for (const m of selected) {
  process.stderr.write(`mutant ${m.id} … `)
  const outcome = runMutant(m)
  const fuzz = outcome.fuzzFailed === undefined ? '' : `, fuzz: ${outcome.fuzzFailed} failed`
  process.stderr.write(outcome.error ? 'ERROR\n' : `${outcome.failing.length} failing${fuzz}\n`)
  outcomes.push(outcome)
}

const caught = (o: Outcome) => o.failing.length > 0 || (o.fuzzFailed ?? 0) > 0
console.log(alwaysFuzz ? '| mutation | caught by | the fuzzer alone (300 cases, seed 7) |' : '| mutation | caught by |')
console.log(alwaysFuzz ? '| --- | --- | --- |' : '| --- | --- |')
for (const o of outcomes) {
  const cell = o.error
    ? `**error**: ${o.error}`
    : o.failing.length
      ? o.failing.map((f) => `\`${f.file}\``).join(', ')
      : caught(o)
        ? `the fuzzer (${o.fuzzFailed} of 300 cases, seed 7)`
        : '**survived** (library and fuzzer)'
  const fuzzCell = o.fuzzFailed === undefined ? '' : o.fuzzFailed > 0 ? ' killed |' : ' **survived** |'
  console.log(`| ${o.mutant.bug} (\`${o.mutant.id}\`) | ${cell} |${alwaysFuzz ? fuzzCell : ''}`)
}
console.log('\nfirst failure of each failing file:')
for (const o of outcomes)
  for (const f of o.failing) console.log(`- ${o.mutant.id} · ${f.file}: ${f.firstFailure.split('\n')[0]}`)

process.exitCode = outcomes.some((o) => o.error || !caught(o)) ? 1 : 0
