// The seams of a run: a fault plan given apart from the scenario changes how the world answers
// without a step changing, and the step player drives whatever `World` it is handed.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import type { Scenario } from '../scenario/types.js'
import { scenarioFaultPlan } from './fault-plan.js'
import { fixtureWorld } from './fixture-world.js'
import { MODULES_DIR } from './run-scenarios.js'
import { Simulation } from './simulation.js'
import type { WorldBuilder } from './world.js'

const LIBRARY = fileURLToPath(new URL('../../scenarios/', import.meta.url))
const SEPOLIA = 11155111

async function libraryScenario(path: string): Promise<Scenario> {
  return loadScenarioFile(`${LIBRARY}${path}`, { modulesDir: MODULES_DIR, moduleIndex: await scanModules(MODULES_DIR) })
}

describe('a run with a fault plan apart from its steps', () => {
  it('applies the plan given instead of the scenario’s own faults, steps unchanged', async () => {
    const scenario = await libraryScenario('m3/price-alert-above-every-n-blocks.yaml')
    const own = await Simulation.create(scenario, { seed: 1, world: fixtureWorld({ transport: 'in-process' }) })
    expect(await own.play()).toEqual([])

    const failing = scenarioFaultPlan(scenario, 1)
    const faults = {
      ...failing,
      rpc: new Map([[SEPOLIA, [{ method: 'eth_call', error: { code: -32000, message: 'planned outage' } }]]]),
    }
    const faulted = await Simulation.create(scenario, {
      seed: 1,
      world: fixtureWorld({ transport: 'in-process' }),
      faults,
    })
    const failures = await faulted.play()
    // Same script: the same step lines in the trace, in the same order.
    const steps = (sim: Simulation) => sim.trace.lines().filter((l) => l.includes('"type":"step"'))
    expect(steps(faulted)).toEqual(steps(own))
    // Different world: the oracle read fails, so the module never logs an answer.
    expect(faulted.trace.lines().some((l) => l.includes('planned outage'))).toBe(true)
    expect(failures.some((f) => f.includes('price-alert: ok answer='))).toBe(true)
  })

  it('draws nothing from the seed for a scenario’s own plan: it carries the seed and the declared rules', async () => {
    const scenario = await libraryScenario('m2/twap-try-next-block-and-rpc-error.yaml')
    const plan = scenarioFaultPlan(scenario, 42)
    expect(plan.seed).toBe(42)
    expect(plan.orderbook).toBe(scenario.orderbook)
    for (const [chainId, state] of scenario.chain) expect(plan.rpc.get(chainId) ?? []).toEqual(state.rpc)
    expect([...plan.rpc.values()].flat().length).toBeGreaterThan(0)
  })
})

/** A world that records what the player asks of it, then lets the fixture world do it. */
function recordingWorld(calls: string[]): WorldBuilder {
  return async (input) => {
    const inner = await fixtureWorld({ transport: 'in-process' })(input)
    const note = <T>(name: string, result: T): T => {
      calls.push(name)
      return result
    }
    return {
      clock: inner.clock,
      seams: inner.seams,
      faults: {
        replaceRpcRules: (chainId, rules) => note('replaceRpcRules', inner.faults.replaceRpcRules(chainId, rules)),
        replaceOrderbook: (behaviour) => note('replaceOrderbook', inner.faults.replaceOrderbook(behaviour)),
        dropStreams: (kind, selector) => note(`dropStreams ${kind}`, inner.faults.dropStreams(kind, selector)),
        errorStreams: (kind, selector, message) =>
          note(`errorStreams ${kind}`, inner.faults.errorStreams(kind, selector, message)),
      },
      start: () => note('start', inner.start()),
      stop: () => note('stop', inner.stop()),
      chainIds: () => inner.chainIds(),
      head: (chainId) => inner.head(chainId),
      nextBlock: (chainId, fields) => inner.nextBlock(chainId, fields),
      commitBlock: (chainId, header) =>
        note(`commitBlock ${chainId} ${header.number}`, inner.commitBlock(chainId, header)),
      logsAfterBlock: (chainId, n) => inner.logsAfterBlock(chainId, n),
      emitLog: (chainId, log) => note(`emitLog ${chainId}`, inner.emitLog(chainId, log)),
      reorg: (chainId, depth, sent) => note(`reorg ${chainId} ${depth}`, inner.reorg(chainId, depth, sent)),
      changeState: (chainId, change) => note(`changeState ${chainId}`, inner.changeState(chainId, change)),
      openStreams: () => inner.openStreams(),
      activity: () => inner.activity(),
      neverEnding: () => inner.neverEnding(),
      takeFailures: () => inner.takeFailures(),
      takeExchanges: () => inner.takeExchanges(),
      orderPosts: () => inner.orderPosts(),
      readStore: (module, key) => inner.readStore(module, key),
    }
  }
}

describe('the step player drives any World', () => {
  it('sends each step through the World interface, in script order, and gives the same trace', async () => {
    const scenario = await libraryScenario('streams/block-drop-single-chain.yaml')
    const calls: string[] = []
    const recorded = await Simulation.create(scenario, { seed: scenario.seed, world: recordingWorld(calls) })
    expect(await recorded.play()).toEqual([])
    expect(calls).toEqual([
      'start',
      `commitBlock ${SEPOLIA} 7000000`,
      `commitBlock ${SEPOLIA} 7000001`,
      'dropStreams blocks',
      'stop',
    ])
    const plain = await Simulation.create(scenario, {
      seed: scenario.seed,
      world: fixtureWorld({ transport: 'in-process' }),
    })
    await plain.play()
    expect(recorded.trace.hash()).toBe(plain.trace.hash())
  })

  it('plays set and orderbook steps as state changes and fault changes', async () => {
    const scenario = await libraryScenario('orderbook/transfer-simulation-failed-until-funded.yaml')
    const calls: string[] = []
    const sim = await Simulation.create(scenario, { seed: scenario.seed, world: recordingWorld(calls) })
    expect(await sim.play()).toEqual([])
    const kinds = scenario.steps.map((s) => s.kind)
    expect(calls.filter((c) => c.startsWith('changeState')).length).toBe(kinds.filter((k) => k === 'set').length)
    expect(calls.filter((c) => c === 'replaceOrderbook').length).toBe(kinds.filter((k) => k === 'orderbook').length)
  })
})
