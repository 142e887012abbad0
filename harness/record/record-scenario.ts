// The scenario `record` writes beside its cassette: the config's modules (by `use:` when they are
// the project's, else by a path relative to the scenario), the recorded blocks as steps (runs of
// consecutive blocks as `blocks: { count }`), and `expect` filled from what happened: each module's
// decisions and dispatch counts, the orderbook's posts, the exit.
import { basename, relative } from 'node:path'
import { stringify } from 'yaml'
import type { EngineConfig, ResolvedModule } from '../../engine/config/types.js'
import type { EngineExit } from '../../engine/exit.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { useName } from '../scenario/use-name.js'
import type { RecordedRun } from './recorder.js'

export interface RecordedScenarioInput {
  config: EngineConfig
  modules: readonly ResolvedModule[]
  run: RecordedRun
  exit: EngineExit
  dir: string
  cassetteName: string
}

export async function renderRecordedScenario(input: RecordedScenarioInput): Promise<string> {
  const { run } = input
  const modules: Record<string, unknown>[] = []
  for (const m of input.modules) {
    const use = await useName(MODULES_DIR, m.entry.path, m.manifest.name)
    const entry: Record<string, unknown> = use ? { use } : { path: relative(input.dir, m.entry.path) }
    entry.name = m.name
    entry.config = Object.fromEntries([...m.config].sort(([a], [b]) => a.localeCompare(b)))
    if (m.entry.subscriptions) entry.subscriptions = m.entry.subscriptions.map(subscriptionDecl)
    modules.push(entry)
  }
  const chains = Object.fromEntries(input.config.chains.map((c) => [c.chainId, {}]))
  const chainDecl: Record<string, unknown> = {}
  const firstOf = new Map<number, number>()
  for (const [chain, number] of run.blocks) if (!firstOf.has(chain)) firstOf.set(chain, number)
  for (const [chain, number] of firstOf) chainDecl[chain] = { head: { number } }
  const steps: Record<string, unknown>[] = []
  let i = 0
  while (i < run.blocks.length) {
    const [chain, number] = run.blocks[i]!
    let j = i + 1
    while (j < run.blocks.length && run.blocks[j]![0] === chain && run.blocks[j]![1] === number + (j - i)) j++
    steps.push({ block: { chain, number } })
    if (j - i > 1) steps.push({ blocks: { chain, count: j - i - 1 } })
    i = j
  }
  steps.push({ signal: 'SIGTERM' })
  const expect: Record<string, unknown> = { exit: { reason: 'signal', code: 0 } }
  if (run.dispatch.size) expect.dispatch = Object.fromEntries(run.dispatch)
  if (run.posts.posts) expect.orderbook = { ...run.posts }
  if (run.decisions.size) expect.decisions = Object.fromEntries(run.decisions)
  const first = run.blocks[0]
  const last = run.blocks.at(-1)
  const doc = {
    version: 1,
    name: `recorded: ${modules.map((m) => m.name).join(', ')}${first && last ? ` from block ${first[1]} to ${last[1]}` : ''}`,
    description: [
      `Recorded by \`nexum-sim record --config ${basename(input.config.file)}\`: ${run.blocks.length} blocks,`,
      `${run.posts.posts} orderbook posts; the engine exited with ${input.exit.reason} when the recording stopped.`,
      `The cassette ${input.cassetteName} answers every JSON-RPC call and orderbook request as recorded (strictly).`,
    ].join('\n'),
    seed: 1,
    engine: { chains, modules },
    chain: chainDecl,
    cassette: `./${input.cassetteName}`,
    steps,
    expect,
  }
  return stringify(doc, { lineWidth: 100 })
}

function subscriptionDecl(s: NonNullable<ResolvedModule['entry']['subscriptions']>[number]): Record<string, unknown> {
  if (s.kind === 'block') return { kind: 'block', chain_id: s.chainId }
  if (s.kind === 'cron') return { kind: 'cron', schedule: s.schedule }
  const out: Record<string, unknown> = { kind: 'log', chain_id: s.chainId }
  if (s.address) out.address = s.address
  if (s.eventSignature) out.event_signature = s.eventSignature
  return out
}
