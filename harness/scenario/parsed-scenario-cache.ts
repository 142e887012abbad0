// A scenario file's YAML parse and schema check, kept per exact text: a process that runs the
// same files again (the warm library, a watch loop) spent ~5 ms of each scenario re-parsing a file
// that had not changed. Keyed by the absolute path, the text and the module index's contents (a
// `use: <name>` resolves through it), so any edit, or a module renamed, parses again. Only
// successes are kept; each hit hands out a deep copy, so a run cannot change what the next sees.
import type { EngineConfig } from '../../engine/config/types.js'
import type { ModuleIndex } from './module-index.js'
import type { ParsedScenario } from './schema-scenario.js'

/** Far above the library (~110 files); bounds what a long-lived process keeps. */
export const PARSED_SCENARIO_CACHE_SIZE = 512

export interface ParsedScenarioEntry {
  parsed: ParsedScenario
  /** The file's `cassette` value as written (its file is checked on every load). */
  cassette: unknown
  /** The inline engine's configuration, read with the parse (decision 0238); absent when there is none. */
  engineConfig?: EngineConfig | undefined
}

const entries = new Map<string, ParsedScenarioEntry>()
const indexKeys = new WeakMap<ModuleIndex, string>()

function indexKey(index: ModuleIndex): string {
  let key = indexKeys.get(index)
  if (key === undefined) {
    key = JSON.stringify([index.searched, [...index.byName], index.unreadable])
    indexKeys.set(index, key)
  }
  return key
}

export function parsedScenarioKey(file: string, text: string, index: ModuleIndex): string {
  return JSON.stringify([file, indexKey(index), text])
}

/** A copy of the parsed data for this key, or undefined. */
export function cachedParsedScenario(key: string): ParsedScenarioEntry | undefined {
  const hit = entries.get(key)
  return hit === undefined ? undefined : structuredClone(hit)
}

/**
 * Keeps a copy; the oldest entry leaves when full. Data that cannot be copied is not kept. Returns
 * the entry kept (the cache's own: read it or send it to another thread, never change it).
 */
export function keepParsedScenario(
  key: string,
  parsed: ParsedScenario,
  cassette: unknown,
  engineConfig?: EngineConfig | undefined,
): ParsedScenarioEntry | undefined {
  let copy: ParsedScenarioEntry
  try {
    copy = structuredClone({ parsed, cassette, engineConfig })
  } catch {
    return undefined
  }
  adoptParsedScenario(key, copy)
  return copy
}

/**
 * Keeps an entry parsed by another thread (a scenario lane parsing ahead, decision 0220): it
 * arrived as a structured clone, so it is this thread's own copy already.
 */
export function adoptParsedScenario(key: string, entry: ParsedScenarioEntry): void {
  entries.delete(key)
  entries.set(key, entry)
  if (entries.size > PARSED_SCENARIO_CACHE_SIZE) {
    const oldest = entries.keys().next().value
    if (oldest !== undefined) entries.delete(oldest)
  }
}

/** Counts `forgetParsedScenarios` calls: a scenario lane (another thread, its own cache) compares it. */
let generation = 0

/** Empties the cache: the `library` bench measures each file's parse, not a cache hit. */
export function forgetParsedScenarios(): void {
  entries.clear()
  generation++
}

/** How many times this thread's cache was emptied (a lane empties its own when this moved). */
export function parsedScenariosGeneration(): number {
  return generation
}
