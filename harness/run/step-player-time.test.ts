// Moving virtual time to a block (decision 0230): the clock reaches the block's time before the
// block is traced, and every block is dispatched to the end before the next step begins, whether
// timers fired on the way (a settle after each) or none did (no settle: nothing ran).
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import { fixtureWorld } from './fixture-world.js'
import { MODULES_DIR } from './run-scenarios.js'
import { Simulation } from './simulation.js'

const LIBRARY = fileURLToPath(new URL('../../scenarios/', import.meta.url))

async function play(path: string): Promise<{ failures: string[]; lines: Record<string, unknown>[] }> {
  const scenario = await loadScenarioFile(`${LIBRARY}${path}`, {
    modulesDir: MODULES_DIR,
    moduleIndex: await scanModules(MODULES_DIR),
  })
  const sim = await Simulation.create(scenario, { seed: 1, world: fixtureWorld({ transport: 'in-process' }) })
  const failures = await sim.play()
  return { failures, lines: sim.trace.lines().map((l) => JSON.parse(l) as Record<string, unknown>) }
}

/** For each block line: the lines after it up to the next block or step line. */
function blockSpans(
  lines: Record<string, unknown>[],
): { block: Record<string, unknown>; after: Record<string, unknown>[] }[] {
  const spans: { block: Record<string, unknown>; after: Record<string, unknown>[] }[] = []
  for (const line of lines) {
    if (line.type === 'block') spans.push({ block: line, after: [] })
    else if (line.type === 'step') spans.push({ block: {}, after: [] })
    else spans.at(-1)?.after.push(line)
  }
  return spans.filter((s) => s.block.type === 'block')
}

describe('a block step moves time, then settles the block', () => {
  for (const path of ['m2/twap-try-at-epoch-gate.yaml', 'm3/price-alert-above-every-n-blocks.yaml']) {
    it(`${path}: each block at its own time, its dispatches before the next step`, async () => {
      const { failures, lines } = await play(path)
      expect(failures).toEqual([])
      const spans = blockSpans(lines)
      expect(spans.length).toBeGreaterThan(3)
      const modules = new Set(lines.filter((l) => l.type === 'dispatch').map((l) => l.module))
      for (const { block, after } of spans) {
        // The clock reached the block's timestamp before the block was emitted.
        expect(block.t as number).toBeGreaterThanOrEqual((block.timestamp as number) * 1000)
        // Every subscribed module's dispatch of this block is traced before the next block or step.
        const dispatched = after.filter((l) => l.type === 'dispatch' && l.number === block.number).map((l) => l.module)
        expect(new Set(dispatched)).toEqual(modules)
      }
    })
  }

  it('gives the same trace on a second run', async () => {
    const first = await play('m2/twap-try-at-epoch-gate.yaml')
    const second = await play('m2/twap-try-at-epoch-gate.yaml')
    expect(second.lines).toEqual(first.lines)
  })
})
