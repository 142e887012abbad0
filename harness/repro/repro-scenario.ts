// The regression `repro` writes: a scenario file and its version 2 cassette, side by side. The
// cassette carries the orderbook's recorded answer (strictly: the module must post that very
// request, or the run fails naming it), and for a journal line the block and the module's RPC
// answers; the scenario declares the rest (the module and its config, chain state a driver
// derived, one block) and expects the decision.
import { relative } from 'node:path'
import { stringify } from 'yaml'
import { canonicalJson } from '../../engine/observe/canonical-json.js'
import { CASSETTE_V2 } from '../cassette/cassette-v2.js'
import { orderbookKey, rpcKey } from '../cassette/cassette-keys.js'
import type { ReproCase } from './repro-case.js'

export interface ScenarioModule {
  /** Instance name. */
  name: string
  /** `use:` name when the module is one of the project's, else undefined (a path is written). */
  use?: string | undefined
  folder: string
  config: ReadonlyMap<string, string>
}

export interface ReproScenarioInput {
  repro: ReproCase
  module: ScenarioModule
  /** The scenario's `chain.<id>` additions (a driver's chain state). */
  chainState?: Record<string, unknown> | undefined
  /** The decision the scenario expects (the journal's, else the table's); none: no expectation. */
  expected?: string | undefined
  /** Lines for the description. */
  about: string[]
  dir: string
  cassetteName: string
}

export function renderCassette(repro: ReproCase): string {
  const chain = repro.exchange.chain
  const records: Record<string, unknown>[] = []
  const block = repro.block
  if (block && block.hash !== null && block.timestamp !== null)
    records.push({ kind: 'block', chain, number: block.number, hash: block.hash, timestamp: block.timestamp })
  for (const call of repro.rpc ?? [])
    records.push({ kind: 'rpc', chain, key: rpcKey(call.method, call.params), ...call })
  const x = repro.exchange
  records.push({
    kind: 'orderbook',
    chain,
    key: orderbookKey(chain, x.request.method, x.request.path, x.request.body),
    request: x.request,
    response: x.response,
    failure: x.response === null ? 'no answer (recorded)' : undefined,
  })
  const lines = [
    { kind: 'cassette', version: CASSETTE_V2, orderbook: true, recorded: { source: `nexum-sim repro` } },
    ...records,
    { kind: 'end', records: records.length },
  ]
  return `${lines.map((l) => canonicalJson(l)).join('\n')}\n`
}

export function renderScenario(input: ReproScenarioInput): string {
  const { repro, module } = input
  const chain = repro.exchange.chain
  const entry: Record<string, unknown> = module.use
    ? { use: module.use }
    : { path: relative(input.dir, module.folder) || '.' }
  entry.name = module.name
  entry.config = Object.fromEntries([...module.config].sort(([a], [b]) => a.localeCompare(b)))
  const chainDecl: Record<string, unknown> = { ...(input.chainState ?? {}) }
  if (repro.block) {
    const head: Record<string, number> = { number: repro.block.number }
    if (repro.block.timestamp !== null) head.timestamp = repro.block.timestamp
    chainDecl.head = head
  }
  const expect: Record<string, unknown> = { exit: { reason: 'signal', code: 0 } }
  if (repro.exchange.request.method === 'POST' && repro.exchange.request.path === '/api/v1/orders')
    expect.orderbook = { posts: 1 }
  if (input.expected) expect.decisions = { [module.name]: [input.expected] }
  const doc = {
    version: 1,
    name: `repro: ${module.name} ${describeAnswer(repro)} on chain ${chain}${repro.block ? ` at block ${repro.block.number}` : ''}`,
    description: input.about.join('\n'),
    seed: 1,
    engine: { chains: { [chain]: {} }, modules: [entry] },
    chain: { [chain]: chainDecl },
    cassette: `./${input.cassetteName}`,
    steps: [{ block: {} }, { signal: 'SIGTERM' }],
    expect,
  }
  return stringify(doc, { lineWidth: 100 })
}

export function describeAnswer(repro: ReproCase): string {
  const r = repro.exchange.response
  if (r === null) return 'no answer'
  let errorType: string | undefined
  try {
    const body = JSON.parse(r.body) as { errorType?: unknown }
    if (typeof body?.errorType === 'string') errorType = body.errorType
  } catch {
    // not the envelope
  }
  return `${r.status}${errorType ? ` ${errorType}` : ''}`
}
