// A module folder's `config-schema.ts` (or .mts/.js/.mjs): the `[config]` keys the module reads
// (module-api ModuleConfigSchema), exported as `configSchema`. Read by path, like the module's
// code, and in the engine's own thread whatever the module's isolation: the check runs before
// the module's code is started. A folder without the file declares nothing and is not checked.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ModuleConfigSchema } from './module-api/config-schema.js'
import { ModuleLoadError, importOnce } from './module-loader.js'

const SCHEMA_FILES = ['config-schema.ts', 'config-schema.mts', 'config-schema.js', 'config-schema.mjs']

export async function loadModuleConfigSchema(modulePath: string): Promise<ModuleConfigSchema | undefined> {
  const file = SCHEMA_FILES.map((f) => join(modulePath, f)).find((f) => existsSync(f))
  if (!file) return undefined
  let namespace: Record<string, unknown>
  try {
    namespace = await importOnce(file)
  } catch (error) {
    throw new ModuleLoadError(
      modulePath,
      `cannot import ${file}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const schema = namespace.configSchema ?? (namespace.default as Record<string, unknown> | undefined)?.configSchema
  const bad = describeBadSchema(schema)
  if (bad)
    throw new ModuleLoadError(
      modulePath,
      `expected ${file} to export configSchema (key → { required, expected, check }), ${bad}`,
    )
  return schema as ModuleConfigSchema
}

function describeBadSchema(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return `found ${describe(schema)}`
  for (const [key, spec] of Object.entries(schema)) {
    const s = spec as Record<string, unknown> | null
    if (!s || typeof s.required !== 'boolean' || typeof s.expected !== 'string' || typeof s.check !== 'function')
      return `found a bad entry for ${JSON.stringify(key)}`
  }
  return undefined
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v
}
