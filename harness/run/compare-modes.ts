// `--mode both`: a dual-mode scenario's fixture and Anvil runs must decide the same things. The
// decision traces (decision-trace.ts) are compared; a difference fails the Anvil run, naming the
// first line where the two part.
import type { ScenarioRun } from './run-scenario.js'

export function compareModes(fixture: ScenarioRun, anvil: ScenarioRun): string | undefined {
  if (fixture.status !== 'passed' || anvil.status !== 'passed') return undefined
  if (fixture.decisionHash === anvil.decisionHash) return undefined
  const f = fixture.decisionLines ?? []
  const a = anvil.decisionLines ?? []
  let i = 0
  while (i < Math.max(f.length, a.length) && f[i] === a[i]) i++
  return (
    `modes: the decision trace differs from fixture mode (${fixture.decisionHash} vs ${anvil.decisionHash}) ` +
    `at line ${i + 1}: fixture ${f[i] ?? '(ends)'}, anvil ${a[i] ?? '(ends)'}`
  )
}
