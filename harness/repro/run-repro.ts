// `nexum-sim repro`: from one orderbook exchange to a regression scenario that replays it offline,
// run at once. Prints the module's decision, the decision table's row for the answer (the
// harness's own reading of the table), and the scenario's path. Exit 0: reproduced, and the
// decision is the journal's (or, typed by hand, the table's); 1: the module now decides otherwise
// (or no longer makes that submission); 2: bad input.
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { ConfigError } from '../../engine/config/config-error.js'
import { engineConfigFromObject, loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import { resolveModules } from '../../engine/config/resolve-modules.js'
import type { EngineConfig, ResolvedModule } from '../../engine/config/types.js'
import type { CliIo } from '../cli/cli-io.js'
import {
  DEFAULT_POLICY_FILE,
  resolvePolicyReference,
  shippedPolicyNames,
} from '../../engine/orderbook-policy/policy-files.js'
import {
  PolicyFileError,
  type PolicyModel,
  describeVerdict,
  policyModel,
  policyVerdict,
} from '../orderbook/policy-model.js'
import { DEFAULT_HORIZON_BLOCKS, decisionSequence, describeEnd, projectPolicy } from './policy-projection.js'
import { runScenario } from '../run/run-scenario.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import { scanModules } from '../scenario/module-index.js'
import { useName } from '../scenario/use-name.js'
import { driverFor } from './module-drivers.js'
import { type ReproCase, ReproInputError, readReproCase } from './repro-case.js'
import { describeAnswer, renderCassette, renderScenario } from './repro-scenario.js'
import { projectPath } from '../../engine/project/package-root.js'

export interface ReproArgs {
  file: string
  line?: number | undefined
  uid?: string | undefined
  module?: string | undefined
  config?: string | undefined
  /** Default: scenarios/regressions of the project. */
  out?: string | undefined
  /** `all`, a shipped policy's name or a policy file: print what each would have done. */
  policy?: string | undefined
  /** How far the side-by-side looks ahead (default one virtual day). */
  horizonBlocks?: number | undefined
  cwd: string
  env: Readonly<Record<string, string | undefined>>
}

export const DEFAULT_REGRESSIONS_DIR = projectPath('scenarios', 'regressions')

/** Relative to the working directory when inside it, else absolute. */
function shown(cwd: string, file: string): string {
  const rel = relative(cwd, file)
  return rel === '' || rel.startsWith('..') ? file : rel
}

export async function runRepro(args: ReproArgs, io: CliIo): Promise<number> {
  let repro: ReproCase
  let module: ResolvedModule
  let chainState: Record<string, unknown> | undefined
  let active: PolicyModel
  let compared: PolicyModel[]
  try {
    repro = await readReproCase(resolve(args.cwd, args.file), { line: args.line, uid: args.uid })
    const config = await engineConfig(args, repro)
    module = await pickModule(config, args, repro)
    if (repro.kind !== 'journal') chainState = driveTo(module, repro)
    // The judge's reading of the policy the engine runs with: the table row the module must follow.
    active = policyModel(config.orderbookPolicy ?? DEFAULT_POLICY_FILE)
    compared = policiesToCompare(args)
  } catch (error) {
    if (error instanceof ReproInputError || error instanceof ConfigError || error instanceof PolicyFileError) {
      io.err(`nexum-sim repro: ${error.message}`)
      return 2
    }
    throw error
  }

  const answer = {
    status: repro.exchange.response?.status ?? null,
    body: repro.exchange.response?.body,
    retryAfter: repro.exchange.response?.retryAfter,
  }
  const verdict = policyVerdict(active, answer)
  const expected = repro.decision?.decision ?? verdict.decision
  const dir = resolve(args.cwd, args.out ?? DEFAULT_REGRESSIONS_DIR)
  const stem = await freeStem(dir, scenarioStem(module.name, repro))
  const scenarioFile = join(dir, `${stem}.yaml`)
  const cassetteName = `${stem}.cassette.jsonl`
  const origin = shown(args.cwd, resolve(args.cwd, args.file))
  const about = [
    `Reproduced by \`nexum-sim repro ${origin}${args.line ? ` --line ${args.line}` : ''}${args.uid ? ` --uid ${args.uid}` : ''}\` (${repro.origin.replace(/^\S+\s?/, '') || 'one exchange typed by hand'}).`,
    `The orderbook answered ${describeAnswer(repro)}; the policy's row: ${describeVerdict(active, verdict)}.`,
    repro.decision ? `The engine's journal recorded the decision ${repro.decision.decision}.` : '',
    `The cassette ${cassetteName} holds the exchange (replayed strictly: the module must post that very request)${repro.kind === 'journal' ? ', the block and the RPC answers of the dispatch' : ''}.`,
  ].filter(Boolean)
  await mkdir(dir, { recursive: true })
  const moduleRef = {
    name: module.name,
    use: await useName(MODULES_DIR, module.entry.path, module.manifest.name),
    folder: module.entry.path,
    config: new Map(module.config),
  }
  await writeFile(join(dir, cassetteName), renderCassette(repro))
  await writeFile(
    scenarioFile,
    renderScenario({ repro, module: moduleRef, chainState, expected, about, dir, cassetteName }),
  )

  const scenario = await loadScenarioFile(scenarioFile, { modulesDir: MODULES_DIR })
  const run = await runScenario(scenario, { mode: 'fixture', keepTrace: true })
  const decisions = decisionsOf(run.traceLines, module.name)
  const decided = decisions.at(-1)
  const show = (d: typeof decided) =>
    d
      ? `${d.decision}${d.backoffSeconds !== undefined ? ` ${d.backoffSeconds} s` : ''}${d.status !== undefined ? ` (status ${d.status}${d.errorType ? ` ${d.errorType}` : ''})` : ''}`
      : 'none'
  io.out(`module:    ${module.name} (${shown(args.cwd, module.entry.path)})`)
  io.out(
    `exchange:  ${repro.exchange.request.method} ${repro.exchange.request.path} on chain ${repro.exchange.chain} → ${describeAnswer(repro)}`,
  )
  io.out(`decision:  ${show(decided)}`)
  io.out(`table row: ${describeVerdict(active, verdict)}`)
  io.out(`policy:    ${shown(args.cwd, active.file)}`)
  if (repro.decision) io.out(`journal:   ${show(repro.decision as typeof decided)}`)
  io.out(`scenario:  ${shown(args.cwd, scenarioFile)}`)
  io.out(`replay:    nexum-sim run ${shown(args.cwd, scenarioFile)}`)
  if (compared.length > 0) printSideBySide(io, args, compared, answer)
  // The scenario checks the decision's kind; a backoff must also last what the reference says.
  const wantedSeconds = repro.decision ? repro.decision.backoffSeconds : verdict.seconds
  const secondsDiffer =
    decided?.decision === 'backoff' && wantedSeconds !== undefined && decided.backoffSeconds !== wantedSeconds
  if (run.status === 'passed' && !secondsDiffer) return 0
  if (secondsDiffer) {
    io.err(
      `nexum-sim repro: the module backs off ${decided?.backoffSeconds} s; ${repro.decision ? 'the journal says' : 'the table says'} ${wantedSeconds} s`,
    )
    return 1
  }
  const reference = repro.decision ? `the journal's ${repro.decision.decision}` : `the table's ${verdict.decision}`
  io.err(`nexum-sim repro: not reproduced: the module decided ${show(decided)}, ${reference}`)
  for (const f of run.failures) io.err(`  ${f}`)
  return 1
}

/** `--policy all | NAME | FILE`: the policies to play the answer forward under. */
function policiesToCompare(args: ReproArgs): PolicyModel[] {
  if (args.policy === undefined) return []
  const names = args.policy === 'all' ? shippedPolicyNames() : [args.policy]
  return names.map((n) => policyModel(resolvePolicyReference(n, args.cwd)))
}

/** Per policy: its decision sequence, the POSTs the order costs over the horizon, and its end. */
function printSideBySide(
  io: CliIo,
  args: ReproArgs,
  policies: PolicyModel[],
  answer: Parameters<typeof policyVerdict>[1],
): void {
  const horizon = args.horizonBlocks ?? DEFAULT_HORIZON_BLOCKS
  io.out('')
  io.out(`side by side: the same answer to every POST, over the next ${horizon} blocks (12 s each)`)
  for (const policy of policies) {
    const projection = projectPolicy(policy, answer, horizon)
    const first = projection.posts[0]
    io.out(`policy ${policy.name} (${shown(args.cwd, policy.file)})`)
    if (first) io.out(`  row:       ${describeVerdict(policy, first.verdict)}`)
    io.out(`  decisions: ${decisionSequence(projection)}`)
    io.out(`  POSTs:     ${projection.posts.length}`)
    io.out(`  end:       ${describeEnd(projection, horizon)}`)
  }
}

/** `${VAR}`s of endpoints the replay never dials must not stop the config from loading. */
function lenientEnv(env: Readonly<Record<string, string | undefined>>): Readonly<Record<string, string | undefined>> {
  return new Proxy(
    { ...env },
    { get: (target, name) => (typeof name === 'string' ? (target[name] ?? 'ws://127.0.0.1:9') : undefined) },
  )
}

/**
 * The engine the module runs in: --config, else ./engine.toml when present and it has the module,
 * else the project's module of that name with its manifest's config.
 */
async function engineConfig(args: ReproArgs, repro: ReproCase): Promise<EngineConfig> {
  if (args.config !== undefined) return loadEngineConfigFile(resolve(args.cwd, args.config), lenientEnv(args.env))
  const name = args.module ?? repro.module
  const local = join(args.cwd, 'engine.toml')
  if (existsSync(local)) {
    const config = await loadEngineConfigFile(local, lenientEnv(args.env))
    if (name === undefined) return config
    const modules = await resolveModules(config)
    if (modules.some((m) => m.name === name || m.manifest.name === name)) return config
  }
  if (name === undefined)
    throw new ReproInputError(
      `${repro.origin}: expected a module to drive, found none: name it with --module NAME, or give the engine's --config`,
    )
  const index = await scanModules(MODULES_DIR)
  const folders = index.byName.get(name) ?? []
  if (folders.length !== 1)
    throw new ReproInputError(
      `--module ${name}: expected one of the project's modules (${[...index.byName.keys()].sort().join(', ')}) or --config, found ${folders.length === 0 ? 'no such module' : 'several'}`,
    )
  return engineConfigFromObject(
    { chains: { [repro.exchange.chain]: {} }, modules: [{ path: folders[0] }] },
    { file: '(repro)', baseDir: args.cwd, keyPrefix: 'engine', defaultStateDir: null },
  )
}

async function pickModule(config: EngineConfig, args: ReproArgs, repro: ReproCase): Promise<ResolvedModule> {
  const modules = await resolveModules(config)
  const name = args.module ?? repro.module
  if (name !== undefined) {
    const found = modules.find((m) => m.name === name) ?? modules.find((m) => m.manifest.name === name)
    if (!found)
      throw new ReproInputError(
        `--module ${name}: expected a module of ${config.file} (${modules.map((m) => m.name).join(', ')}), found none by that name`,
      )
    return found
  }
  // Typed by hand, no --module: the module whose configured order is the body.
  const body = parseBody(repro)
  const reasons: string[] = []
  const matching = modules.filter((m) => {
    const d = driverFor(m.manifest.name)
    if (!d.ok) {
      reasons.push(`${m.name}: ${d.reason}`)
      return false
    }
    const why = d.driver.mismatch(new Map(m.config), body)
    if (why) reasons.push(`${m.name}: ${why}`)
    return why === undefined
  })
  if (matching.length === 1) return matching[0]!
  if (matching.length > 1)
    throw new ReproInputError(
      `${repro.origin}: the body is the order of several modules (${matching.map((m) => m.name).join(', ')}); pick one with --module`,
    )
  throw new ReproInputError(
    `${repro.origin}: expected a module of ${config.file} whose order is the request body, found none:\n${reasons.map((r) => `  ${r}`).join('\n')}`,
  )
}

function driveTo(module: ResolvedModule, repro: ReproCase): Record<string, unknown> {
  const d = driverFor(module.manifest.name)
  if (!d.ok)
    throw new ReproInputError(
      `module ${module.name} (${module.entry.path}) cannot be driven to a hand-typed submission: ${d.reason}`,
    )
  const why = d.driver.mismatch(new Map(module.config), parseBody(repro))
  if (why)
    throw new ReproInputError(
      `${repro.origin}: request.body: expected the order module ${module.name} posts, found another (${why})`,
    )
  return d.driver.chainState(new Map(module.config))
}

function parseBody(repro: ReproCase): unknown {
  try {
    return JSON.parse(repro.exchange.request.body ?? '')
  } catch {
    return undefined
  }
}

function scenarioStem(module: string, repro: ReproCase): string {
  const parts = [module, describeAnswer(repro)]
  if (repro.block) parts.push(`block-${repro.block.number}`)
  return parts
    .join('-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** The stem, or stem-2, stem-3…: an existing regression is never overwritten. */
async function freeStem(dir: string, stem: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? stem : `${stem}-${i}`
    if (!existsSync(join(dir, `${candidate}.yaml`))) return candidate
  }
}

interface TracedDecision {
  decision: string
  backoffSeconds?: number
  status?: number
  errorType?: string
}

function decisionsOf(lines: readonly string[], module: string): TracedDecision[] {
  const out: TracedDecision[] = []
  for (const line of lines) {
    const event = JSON.parse(line) as { type?: string; module?: string; decision?: TracedDecision }
    if (event.type === 'decision' && event.module === module && event.decision) out.push(event.decision)
  }
  return out
}
