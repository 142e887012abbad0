// A scenario file's YAML parse and schema check, kept per exact text: a process that runs the
// same files again (the warm library, a watch loop) spent ~5 ms of each scenario re-parsing a file
// that had not changed. Keyed by the absolute path, the text and the module index's contents (a
// `use: <name>` resolves through it), so any edit, or a module renamed, parses again. Only
// successes are kept; each hit hands out a deep copy, so a run cannot change what the next sees.
// An entry is kept as its structured-clone bytes (v8.serialize), the form it crosses threads in:
// one serialization per parse and one deserialization per hit (decision 0254).
import { deserialize, serialize } from 'node:v8'
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

/**
 * An entry's structured-clone bytes (`v8.serialize`, the serializer `structuredClone` and
 * `postMessage` use): what the cache holds and what a scenario lane sends (decision 0254).
 */
export type ParsedScenarioBytes = Uint8Array

/** The bytes of an entry; throws (DataCloneError) for data a structured clone cannot copy. */
export function parsedScenarioBytes(entry: ParsedScenarioEntry): ParsedScenarioBytes {
  return serialize(entry)
}

/** A fresh copy of the entry the bytes hold. */
export function parsedScenarioFromBytes(bytes: ParsedScenarioBytes): ParsedScenarioEntry {
  return deserialize(bytes) as ParsedScenarioEntry
}

const entries = new Map<string, ParsedScenarioBytes>()
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
  return hit === undefined ? undefined : parsedScenarioFromBytes(hit)
}

/** The kept bytes for this key (to send to another thread), or undefined. */
export function cachedParsedScenarioBytes(key: string): ParsedScenarioBytes | undefined {
  return entries.get(key)
}

/**
 * Keeps a copy; the oldest entry leaves when full. Data that cannot be copied is not kept. Returns
 * the bytes kept (the cache's own: read them or send them to another thread, never change them).
 */
export function keepParsedScenario(
  key: string,
  parsed: ParsedScenario,
  cassette: unknown,
  engineConfig?: EngineConfig | undefined,
): ParsedScenarioBytes | undefined {
  let bytes: ParsedScenarioBytes
  try {
    bytes = parsedScenarioBytes({ parsed, cassette, engineConfig })
  } catch {
    return undefined
  }
  adoptParsedScenario(key, bytes)
  return bytes
}

/**
 * Keeps an entry parsed by another thread (a scenario lane parsing ahead, decision 0220): its
 * bytes arrived as a copy, so they are this thread's own already.
 */
export function adoptParsedScenario(key: string, bytes: ParsedScenarioBytes): void {
  entries.delete(key)
  entries.set(key, bytes)
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
