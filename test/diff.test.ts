// `nexum-sim diff`: our engine in-process against our engine started as an outside process
// (`node bin/nexum-sim.mjs engine` on a generated engine.toml pointing at the served URLs) must
// post the same orders, after the same blocks, with the same bodies; an outside script that posts
// one order twice must be reported as differing. Outside processes are stopped by PID.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODULES_DIR } from '../harness/run/run-scenarios.js'
import { loadScenarioFile } from '../harness/scenario/load-scenario.js'
import { diffScenario } from '../harness/serve/run-diff.js'
import { BIN, ROOT, runCli } from './support/run-cli.js'

const ENGINE = `"${process.execPath}" "${BIN}" engine --config {engine-toml}`
const ARGS = { quietMs: 750, stepTimeoutMs: 15_000, graceMs: 5000 }

/** Library scenarios whose orderbook traffic depends on blocks and answers only (no timers). */
const SCENARIOS = [
  'scenarios/orderbook/accepted-201-then-idle.yaml',
  'scenarios/orderbook/duplicated-order.yaml',
  'scenarios/orderbook/forbidden-403-drop.yaml',
  'scenarios/orderbook/invalid-signature-drop.yaml',
  'scenarios/m2/twap-ready-tranche-submitted-once.yaml',
  'scenarios/m3/stop-loss-idle-until-trigger.yaml',
]

describe('nexum-sim diff', () => {
  it.each(SCENARIOS)(
    'our engine as an outside process posts what the in-process engine posts: %s',
    async (file) => {
      const scenario = await loadScenarioFile(join(ROOT, file), { modulesDir: MODULES_DIR })
      const outcome = await diffScenario(scenario, scenario.seed, { file, against: ENGINE, ...ARGS })
      expect(outcome.ours.failures).toEqual([])
      expect(outcome.theirs.failures).toEqual([])
      expect(outcome.diff.differences).toEqual([])
      expect(outcome.diff.rows.length).toBeGreaterThan(0)
      expect(outcome.diff.equal).toBe(true)
    },
    120_000,
  )

  it('an outside script that posts the order twice is reported as differing, exit 1', async () => {
    const script = join(ROOT, 'test', 'fixtures', 'black-box', 'poll-and-post.mjs')
    const result = await runCli([
      'diff',
      'scenarios/orderbook/accepted-201-then-idle.yaml',
      '--against',
      `"${process.execPath}" "${script}" --after 7000000 --times 2`,
    ])
    expect(result.stdout).toContain('≠ the orderbook journals differ:')
    expect(result.stdout).toContain('orders posted: ours 1, theirs 2')
    expect(result.stdout).toMatch(/only theirs: POST \/api\/v1\/orders after block 7000000 .* -> 400 DuplicatedOrder/)
    expect(result.stdout).toMatch(
      /replay: nexum-sim diff scenarios\/orderbook\/accepted-201-then-idle\.yaml --seed \d+/,
    )
    expect(result.code).toBe(1)
  }, 120_000)
})
