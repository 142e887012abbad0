// `npm run test:mutation [-- ID ...]`: each mutant (mutants.ts) in its own throwaway git worktree
// of HEAD, the scenario library run against it, and a table of which files caught it. Exit 1 when
// a mutant survives (no scenario failed) or no longer applies. Slow (one library run per mutant),
// so it is not part of `npm test`. Only committed code is mutated: commit before running.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { MUTANTS, type Mutant } from './mutants.js'

interface Outcome {
  mutant: Mutant
  error?: string
  failing: { file: string; firstFailure: string }[]
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

function runMutant(m: Mutant): Outcome {
  // No mutant id in the path: a log line naming the folder must not match a scenario's text.
  const dir = mkdtempSync(join(tmpdir(), 'nexum-mutant-'))
  rmSync(dir, { recursive: true })
  execFileSync('git', ['worktree', 'add', '--detach', dir, 'HEAD'], { cwd: root, stdio: 'ignore' })
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
    apply(dir, m)
    return { mutant: m, failing: runLibrary(dir) }
  } catch (error) {
    return { mutant: m, failing: [], error: error instanceof Error ? error.message : String(error) }
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
}

const only = process.argv.slice(2)
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
  process.stderr.write(outcome.error ? 'ERROR\n' : `${outcome.failing.length} failing\n`)
  outcomes.push(outcome)
}

console.log('| mutation | failing library files |')
console.log('| --- | --- |')
for (const o of outcomes) {
  const cell = o.error
    ? `**error**: ${o.error}`
    : o.failing.length
      ? o.failing.map((f) => `\`${f.file}\``).join(', ')
      : '**survived**'
  console.log(`| ${o.mutant.bug} (\`${o.mutant.id}\`) | ${cell} |`)
}
console.log('\nfirst failure of each failing file:')
for (const o of outcomes)
  for (const f of o.failing) console.log(`- ${o.mutant.id} · ${f.file}: ${f.firstFailure.split('\n')[0]}`)

process.exitCode = outcomes.some((o) => o.error || o.failing.length === 0) ? 1 : 0
