// `engine:` — a path to an engine.toml, or an inline engine. Only the inline engine's outline is
// checked here (modules entries with exactly one of `use` / `path`); everything else is the
// engine's own loader's to judge, so a mistake there is a boot failure, as the format says.
import path from 'node:path'
import * as z from 'zod'
import type { ModuleLookup } from './module-index.js'
import { renderFound } from './scenario-error.js'
import type { EngineDecl } from './types.js'

export interface EngineContext {
  /** The scenario's folder: relative paths resolve against it. */
  dir: string
  /** Resolves `use: <name>`. */
  lookup: (name: string) => ModuleLookup
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Whether the raw `engine:` value names any module by `use` (only then is modulesDir scanned). */
export function usesModulesByName(engine: unknown): boolean {
  return isMap(engine) && Array.isArray(engine.modules) && engine.modules.some((m) => isMap(m) && m.use !== undefined)
}

/**
 * The engine's loader takes TOML-like values: integers too big for a number (kept as bigint by
 * parse-yaml) become decimal strings, which module config accepts verbatim.
 */
export function bigintsAsStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(bigintsAsStrings)
  if (isMap(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: bigintsAsStrings(v),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}

const ENGINE_EXPECTED = 'a path to an engine.toml, or an inline engine (a map with chains and modules)'

export function engineSchema(ctx: EngineContext) {
  return z.unknown().transform((value, zctx): EngineDecl => {
    if (typeof value === 'string' && value !== '') return { kind: 'file', path: path.resolve(ctx.dir, value) }
    if (!isMap(value)) {
      zctx.addIssue({ code: 'custom', message: ENGINE_EXPECTED, input: value })
      return z.NEVER
    }
    const inline = bigintsAsStrings(value) as Record<string, unknown>
    if (inline.modules === undefined) return { kind: 'inline', value: inline }
    if (!Array.isArray(inline.modules)) {
      zctx.addIssue({ code: 'custom', message: 'a list of module entries', input: inline.modules, path: ['modules'] })
      return z.NEVER
    }
    let ok = true
    const modules = inline.modules.map((entry: unknown, i: number) => {
      const resolved = resolveModuleEntry(entry, ctx)
      if ('problem' in resolved) {
        ok = false
        const { keyPath, expected, found } = resolved.problem
        zctx.addIssue({ code: 'custom', message: expected, params: { found }, path: ['modules', i, ...keyPath] })
        return entry
      }
      return resolved.entry
    })
    return ok ? { kind: 'inline', value: { ...inline, modules } } : z.NEVER
  })
}

type Problem = { keyPath: string[]; expected: string; found: string }

/** `use` → `path` (the module's folder), a relative `path` → absolute; the other keys untouched. */
function resolveModuleEntry(
  entry: unknown,
  ctx: EngineContext,
): { entry: Record<string, unknown> } | { problem: Problem } {
  if (!isMap(entry)) {
    return { problem: { keyPath: [], expected: 'a module entry (a map with use or path)', found: renderFound(entry) } }
  }
  const { use, path: folder, ...rest } = entry
  if (use !== undefined && folder !== undefined)
    return { problem: { keyPath: [], expected: 'exactly one of use or path', found: 'both' } }
  if (use === undefined && folder === undefined)
    return { problem: { keyPath: [], expected: 'exactly one of use or path', found: 'neither' } }
  if (use !== undefined) {
    if (typeof use !== 'string' || use === '')
      return { problem: { keyPath: ['use'], expected: 'a module name', found: renderFound(use) } }
    const found = ctx.lookup(use)
    if (!found.ok) return { problem: { keyPath: ['use'], expected: found.expected, found: found.found } }
    return { entry: { path: found.path, ...rest } }
  }
  if (typeof folder !== 'string' || folder === '')
    return { problem: { keyPath: ['path'], expected: 'a path to a module folder', found: renderFound(folder) } }
  return { entry: { path: path.resolve(ctx.dir, folder), ...rest } }
}
