// A generated case and the model's prediction, written as a v1 scenario (docs/scenarios.md): the
// prediction becomes the scenario's `expect`, so `nexum-sim run` alone judges a saved case, with
// no fast-check and no model in the loop.
import { stringify } from 'yaml'
import type { BurstEvent, CaseStep, FuzzCase, StreamSelector } from './model/fuzz-case.js'
import type { Prediction } from './model/predict.js'

export interface ScenarioHeader {
  name: string
  description: string
  seed: number
}

export function scenarioObject(c: FuzzCase, p: Prediction, header: ScenarioHeader): Record<string, unknown> {
  const expect: Record<string, unknown> = { exit: p.exit, dispatch: p.dispatch }
  if (p.alive !== undefined) expect.alive = p.alive
  if (p.dead !== undefined) expect.dead = p.dead
  expect.streams = Object.fromEntries(Object.entries(p.streams).map(([chain, s]) => [chain, { ...s }]))
  return {
    version: 1,
    name: header.name,
    description: header.description,
    seed: header.seed,
    engine: {
      chains: Object.fromEntries(c.chains.map((id) => [id, {}])),
      modules: c.modules.map((m) => ({
        use: m.kind,
        name: m.name,
        subscriptions: m.subscriptions.map((s) =>
          s.kind === 'block'
            ? { kind: 'block', chain_id: s.chain }
            : {
                kind: 'log',
                chain_id: s.chain,
                ...(s.address !== undefined ? { address: s.address } : {}),
                ...(s.topic0 !== undefined ? { event_signature: s.topic0 } : {}),
              },
        ),
      })),
    },
    steps: p.steps.map(stepObject),
    expect,
  }
}

export function scenarioYaml(c: FuzzCase, p: Prediction, header: ScenarioHeader): string {
  return stringify(scenarioObject(c, p, header), { lineWidth: 0 })
}

function eventObject(e: BurstEvent): Record<string, unknown> {
  switch (e.type) {
    case 'block':
      return { block: { chain: e.chain } }
    case 'log':
      return { log: { chain: e.chain, address: e.address, topics: e.topics } }
    case 'signal':
      return { signal: e.signal }
  }
}

function selector(t: StreamSelector): Record<string, unknown> {
  return {
    stream: t.stream,
    ...(t.chain !== undefined ? { chain: t.chain } : {}),
    ...(t.module !== undefined ? { module: t.module } : {}),
  }
}

function stepObject(s: CaseStep): Record<string, unknown> {
  switch (s.type) {
    case 'drop':
      return { drop: selector(s.target) }
    case 'error':
      return { error: selector(s.target) }
    case 'advance':
      return { advance: `${s.seconds}s` }
    case 'restart':
      return { restart: {} }
    case 'burst':
      return { burst: s.events.map(eventObject) }
    default:
      return eventObject(s)
  }
}
