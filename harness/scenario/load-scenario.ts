// Scenario file → validated Scenario. Thin effectful shell (read the file, scan modules, check the
// cassette exists) around pure parsing; every problem found is reported, not just the first.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { lookupModule, scanModules, type ModuleIndex, type ModuleLookup } from './module-index.js'
import { ScenarioError, throwIfAny } from './scenario-error.js'
import { usesModulesByName } from './schema-engine.js'
import { defaultOrderbook } from './schema-orderbook.js'
import { parseChainId } from './schema-primitives.js'
import { type ParsedScenario, parseScenarioData } from './schema-scenario.js'
import type { ParsedStep } from './schema-steps.js'
import { DEFAULT_HEAD } from './schema-world.js'
import { parseYaml } from './parse-yaml.js'
import { inlineEngineConfigOf } from './inline-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import {
  cachedParsedScenario,
  cachedParsedScenarioBytes,
  keepParsedScenario,
  type ParsedScenarioBytes,
  parsedScenarioKey,
} from './parsed-scenario-cache.js'
import { readInputFile } from './read-input-file.js'
import { seedFromName } from './stable-hash.js'
import type { BurstEvent, ChainStateDecl, EngineDecl, Scenario, Step } from './types.js'
import { issuesToErrors, PARSE_PARAMS } from './zod-issues.js'

export interface LoadScenarioOptions {
  /** The project's modules/ folder: `use: <name>` looks here and in its fixtures/ subfolder. */
  modulesDir: string
  /** A scan of modulesDir to reuse across many files (scanModules); scanned on demand otherwise. */
  moduleIndex?: ModuleIndex | undefined
}

/** Far above any real scenario (the library's largest is a few kB). */
export const MAX_SCENARIO_BYTES = 1024 * 1024

/** Reads and loads one scenario file. Throws ScenarioError / ScenarioErrors. */
export async function loadScenarioFile(file: string, opts: LoadScenarioOptions): Promise<Scenario> {
  // Junk (a 5 MB log dropped in the folder) fails at once, before a parser spends memory on it.
  const text = await readInputFile(file, 'scenario file', MAX_SCENARIO_BYTES)
  if (!opts.moduleIndex) return parseScenario(text, file, opts)
  const absolute = path.resolve(file)
  const dir = path.dirname(absolute)
  const key = parsedScenarioKey(absolute, text, opts.moduleIndex)
  const cached = cachedParsedScenario(key)
  if (cached !== undefined) {
    // The cassette is another file: its presence is checked on every load, as on a first parse.
    throwIfAny([await checkCassette(cached.cassette, dir, file)].filter((e) => e !== undefined))
    return toScenario(cached.parsed, absolute, dir, cached.engineConfig)
  }
  const { parsed, engineConfig } = await parseAndKeep(text, file, absolute, key, opts)
  return toScenario(parsed, absolute, dir, engineConfig)
}

/** A first parse of a file's text: YAML, the schema and its inline engine, kept under `key`. */
async function parseAndKeep(text: string, file: string, absolute: string, key: string, opts: LoadScenarioOptions) {
  const raw = parseYaml(text, file)
  const parsed = await validateScenarioData(raw, file, opts)
  const engineConfig = inlineEngineConfigOf(parsed.engine, absolute, path.dirname(absolute))
  // The kept entry is its bytes (undefined when it cannot be copied); the caller's values are its own.
  return { parsed, engineConfig, kept: keepParsedScenario(key, parsed, cassetteOf(raw), engineConfig) }
}

/**
 * Parses and checks a file ahead of its run, for another thread's cache (decision 0220): the
 * entry and the key `loadScenarioFile` will look it up by, the same key only if the file and the
 * module index are unchanged by then. A file that does not parse gives nothing: its load reports
 * the problem, in its place.
 */
export async function parseScenarioFileAhead(
  file: string,
  opts: LoadScenarioOptions & { moduleIndex: ModuleIndex },
): Promise<{ key: string; entry: ParsedScenarioBytes } | undefined> {
  try {
    const text = await readInputFile(file, 'scenario file', MAX_SCENARIO_BYTES)
    const absolute = path.resolve(file)
    const key = parsedScenarioKey(absolute, text, opts.moduleIndex)
    const cached = cachedParsedScenarioBytes(key)
    if (cached !== undefined) return { key, entry: cached }
    // Only what can cross to another thread: what the cache could copy (posting copies its bytes).
    const { kept } = await parseAndKeep(text, file, absolute, key, opts)
    return kept && { key, entry: kept }
  } catch {
    return undefined
  }
}

/** Loads a scenario from its text; `file` names it in messages and anchors relative paths. */
export async function parseScenario(text: string, file: string, opts: LoadScenarioOptions): Promise<Scenario> {
  return scenarioFromData(parseYaml(text, file), file, opts)
}

/**
 * Loads a scenario from the data its YAML would parse to (the fuzzer's cases, decision 0182):
 * the same schema and the same defaults as a file, only the text layer skipped.
 */
export async function scenarioFromData(raw: unknown, file: string, opts: LoadScenarioOptions): Promise<Scenario> {
  const absolute = path.resolve(file)
  const dir = path.dirname(absolute)
  const parsed = await validateScenarioData(raw, file, opts)
  return toScenario(parsed, absolute, dir, inlineEngineConfigOf(parsed.engine, absolute, dir))
}

function cassetteOf(raw: unknown): unknown {
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).cassette : undefined
}

/** The schema's output for the data, or every problem found (ScenarioErrors). */
async function validateScenarioData(raw: unknown, file: string, opts: LoadScenarioOptions): Promise<ParsedScenario> {
  const dir = path.dirname(path.resolve(file))
  const rawMap = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}

  // One schema for every file (decision 0173); the module lookup is this file's.
  let lookup: (name: string) => ModuleLookup = () => ({ ok: false, expected: 'a module', found: 'no modules folder' })
  if (opts.moduleIndex) {
    const index = opts.moduleIndex
    lookup = (name) => lookupModule(index, name)
  } else if (usesModulesByName(rawMap.engine)) {
    const index = await scanModules(opts.modulesDir)
    lookup = (name) => lookupModule(index, name)
  }
  const parsed = parseScenarioData(raw, { dir, lookup }, PARSE_PARAMS)
  const errors = parsed.success ? [] : issuesToErrors(parsed.error.issues, file)
  const cassetteProblem = await checkCassette(rawMap.cassette, dir, file)
  if (cassetteProblem !== undefined) errors.push(cassetteProblem)
  throwIfAny(errors)
  if (!parsed.success) throw new Error('unreachable: a failed parse always has issues')
  return parsed.data
}

async function checkCassette(cassette: unknown, dir: string, file: string): Promise<ScenarioError | undefined> {
  if (typeof cassette !== 'string' || cassette === '') return undefined
  const target = path.resolve(dir, cassette)
  try {
    if ((await stat(target)).isFile()) return undefined
  } catch {
    // reported below
  }
  return new ScenarioError(
    file,
    'cassette',
    'an existing cassette file',
    `${JSON.stringify(cassette)} (no file at ${target})`,
  )
}

function defaultChainState(): ChainStateDecl {
  return { head: { ...DEFAULT_HEAD }, balances: new Map(), contracts: new Map(), rpc: [] }
}

/**
 * The declared chains with their defaults filled in, plus every chain of an inline engine that
 * `chain:` does not mention (with the default head), in ascending chain id.
 */
export function chainStates(declared: ParsedScenario['chain'], engine: EngineDecl): Map<number, ChainStateDecl> {
  const out = new Map<number, ChainStateDecl>()
  for (const [id, c] of declared ?? []) {
    out.set(id, {
      head: c.head ?? { ...DEFAULT_HEAD },
      balances: c.balances ?? new Map(),
      contracts: c.contracts ?? new Map(),
      rpc: c.rpc ?? [],
    })
  }
  const engineChains = engine.kind === 'inline' ? engine.value.chains : undefined
  if (engineChains !== null && typeof engineChains === 'object' && !Array.isArray(engineChains)) {
    for (const key of Object.keys(engineChains)) {
      const id = parseChainId(key)
      if (id !== undefined && !out.has(id)) out.set(id, defaultChainState())
    }
  }
  return new Map([...out].sort(([a], [b]) => a - b))
}

function toStep(parsed: ParsedStep, at: string): Step {
  if (parsed.kind === 'expect') return { at, kind: 'expect', expect: { at: `${at}.expect`, ...parsed.expect } }
  if (parsed.kind === 'burst')
    return { at, kind: 'burst', events: parsed.events.map((e, i) => ({ at: `${at}.burst[${i}]`, ...e }) as BurstEvent) }
  return { at, ...parsed }
}

export function toScenario(
  parsed: ParsedScenario,
  file: string,
  dir: string,
  engineConfig: EngineConfig | undefined,
): Scenario {
  return {
    file,
    dir,
    version: 1,
    name: parsed.name,
    description: parsed.description,
    modes: parsed.modes ?? ['fixture'],
    seed: parsed.seed ?? seedFromName(parsed.name),
    seedFromFile: parsed.seed !== undefined,
    isolation: parsed.isolation,
    orderbookPolicy: parsed.orderbook_policy,
    engine: parsed.engine,
    engineConfig,
    chain: chainStates(parsed.chain, parsed.engine),
    cassette: parsed.cassette,
    orderbook: parsed.orderbook ?? defaultOrderbook(),
    steps: parsed.steps.map((s, i) => toStep(s, `steps[${i}]`)),
    expect: parsed.expect === undefined ? undefined : { at: 'expect', ...parsed.expect },
    store: parsed.store ?? 'memory',
    computeGraceMs: parsed.compute_grace,
  }
}
