// A generated case and the model's prediction, written as a v1 scenario (docs/scenarios.md): the
// prediction becomes the scenario's `expect`, so `nexum-sim run` alone judges a saved case, with
// no fast-check and no model in the loop.
import { stringify } from 'yaml'
import type { BurstEvent, CaseStep, FuzzCase, PostAnswer, RpcFault, StreamSelector } from './model/fuzz-case.js'
import type { Prediction } from './model/predict.js'
import { FEED } from './model/real-modules.js'
import { cowExpectations, composableCowDecl, lookupRules, payloadData } from './cow-scenario.js'
import { policyReferenceOf } from '../../engine/orderbook-policy/policy-files.js'

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
  const deciding = c.modules.filter((m) => ['stop-loss', 'twap-monitor', 'ethflow-watcher'].includes(m.kind))
  if (deciding.length) {
    expect.decisions = Object.fromEntries(deciding.map((m) => [m.name, p.decisions[m.name] ?? []]))
    if (deciding.some((m) => m.kind !== 'ethflow-watcher')) expect.orderbook = { ...p.orderbook }
  }
  Object.assign(expect, cowExpectations(c, p))
  const rules = [...(c.orderbook ?? []).map(ruleObject), ...lookupRules(c)]
  const cow = composableCowDecl(c)
  return {
    version: 1,
    name: header.name,
    description: header.description,
    seed: header.seed,
    ...(c.policy !== undefined ? { orderbook_policy: policyReferenceOf(c.policy) } : {}),
    engine: {
      chains: Object.fromEntries(c.chains.map((id) => [id, {}])),
      modules: c.modules.map((m) => ({
        use: m.kind,
        name: m.name,
        ...(m.config !== undefined ? { config: { ...m.config } } : {}),
        ...(m.subscriptions !== undefined
          ? {
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
            }
          : {}),
      })),
    },
    // Every chain has the feed stop-loss and price-alert read.
    chain: Object.fromEntries(
      c.chains.map((id) => [
        id,
        {
          contracts: {
            [FEED.address]: { kind: 'chainlink-aggregator', decimals: FEED.decimals, answer: FEED.answer },
            ...cow,
          },
        },
      ]),
    ),
    ...(rules.length ? { orderbook: { rules } } : {}),
    steps: stepObjects(c, p.steps),
    expect,
  }
}

/** One scripted answer: a POST rule used once. */
function ruleObject(a: PostAnswer): Record<string, unknown> {
  const match = { method: 'POST', path: '/api/v1/orders' }
  if (a.kind === 'never') return { match, respond: { delay: 'never' }, times: 1 }
  const delay = a.delay !== undefined ? { delay: `${a.delay}s` } : {}
  if (a.kind === 'status')
    return {
      match,
      respond: {
        status: a.status,
        text: a.text,
        ...(a.retryAfter !== undefined ? { headers: { 'Retry-After': a.retryAfter } } : {}),
        ...delay,
      },
      times: 1,
    }
  return {
    match,
    respond: {
      reject: a.name,
      ...(a.status !== undefined ? { status: a.status } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...delay,
    },
    times: 1,
  }
}

function rpcRule(method: string, f: RpcFault): Record<string, unknown> {
  if (f.kind === 'error') return { method, error: { code: -32000, message: 'header not found' } }
  return { method, delay: f.kind === 'never' ? 'never' : `${f.seconds}s` }
}

/** The steps; an `rpc` step becomes a `set` of the chain's whole rule list as it stands then. */
function stepObjects(c: FuzzCase, steps: readonly CaseStep[]): Record<string, unknown>[] {
  const rpc = new Map<number, Map<string, RpcFault>>()
  return steps.map((s) => {
    if (s.type !== 'rpc') return stepObject(c, s)
    const rules = rpc.get(s.chain) ?? new Map<string, RpcFault>()
    rpc.set(s.chain, rules)
    if (s.fault === null) rules.delete(s.method)
    else rules.set(s.method, s.fault)
    return { set: { chain: s.chain, rpc: [...rules].map(([method, f]) => rpcRule(method, f)) } }
  })
}

export function scenarioYaml(c: FuzzCase, p: Prediction, header: ScenarioHeader): string {
  return stringify(scenarioObject(c, p, header), { lineWidth: 0 })
}

function eventObject(c: FuzzCase, e: BurstEvent): Record<string, unknown> {
  switch (e.type) {
    case 'block':
      return { block: { chain: e.chain } }
    case 'log':
      return {
        log: {
          chain: e.chain,
          address: e.address,
          topics: e.topics,
          ...(e.payload !== undefined ? { data: payloadData(c, e.payload) } : {}),
        },
      }
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

function stepObject(c: FuzzCase, s: CaseStep): Record<string, unknown> {
  switch (s.type) {
    case 'drop':
      return { drop: selector(s.target) }
    case 'error':
      return { error: selector(s.target) }
    case 'advance':
      return { advance: `${s.seconds}s` }
    case 'restart':
      return { restart: {} }
    case 'reorg':
      return { reorg: { depth: s.depth, chain: s.chain } }
    case 'rpc':
      throw new Error('rpc steps are written by stepObjects')
    case 'burst':
      return { burst: s.events.map((e) => eventObject(c, e)) }
    default:
      return eventObject(c, s)
  }
}
