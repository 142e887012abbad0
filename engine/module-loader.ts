// Loads a module folder's code: `index.ts` (or `index.js`/`index.mjs`) exporting `init` and
// `onEvent`, as named exports or on the default export.
import { BaseError } from './errors/base-error.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ModuleEntry } from './config/types.js'
import type { EngineModule } from './module-api/module.js'
import { prebuiltModuleFile, typescriptLoaderFor } from './project/prebuilt-module.js'

export class ModuleLoadError extends BaseError {
  override readonly name = 'ModuleLoadError'
  constructor(
    readonly modulePath: string,
    detail: string,
  ) {
    super(`load module ${modulePath}: ${detail}`)
  }
}

/**
 * `import()` of a module's file (its prebuilt copy when there is one, decision 0202), memoised: ESM caches the module itself, but every `import()` call
 * still goes through the loader's resolve hooks (a thread round trip under tsx), once per boot per
 * module. A failed import is not kept, so it is tried again as before.
 */
const imported = new Map<string, Promise<Record<string, unknown>>>()
export function importOnce(file: string): Promise<Record<string, unknown>> {
  let p = imported.get(file)
  if (!p) {
    const runs = prebuiltModuleFile(file)
    p = typescriptLoaderFor(runs).then(() => import(pathToFileURL(runs).href) as Promise<Record<string, unknown>>)
    imported.set(file, p)
    p.catch(() => imported.delete(file))
  }
  return p
}

// index.mts for a folder outside any `"type": "module"` package (tsx treats a bare .ts there as CommonJS).
const ENTRY_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs']

/** The file a module folder's code is in: the first of ENTRY_FILES present. */
function entryFile(modulePath: string): string | undefined {
  return ENTRY_FILES.map((f) => join(modulePath, f)).find((f) => existsSync(f))
}

/**
 * Registers, before a run starts, the TypeScript loader its modules' code will need (a user's
 * TypeScript module under the prebuilt CLI, decision 0202), so whatever the loader opens belongs
 * to the process from the start, not to the run that first imports such a module.
 */
export async function prepareModuleLoading(entries: readonly ModuleEntry[]): Promise<void> {
  for (const entry of entries) {
    const file = entryFile(entry.path)
    if (file) await typescriptLoaderFor(prebuiltModuleFile(file))
  }
}

export async function importModuleFolder(entry: ModuleEntry): Promise<EngineModule> {
  const file = entryFile(entry.path)
  if (!file)
    throw new ModuleLoadError(entry.path, `expected one of ${ENTRY_FILES.join(', ')} in the module folder, found none`)
  let namespace: Record<string, unknown>
  try {
    namespace = await importOnce(file)
  } catch (error) {
    throw new ModuleLoadError(
      entry.path,
      `cannot import ${file}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return asEngineModule(namespace, file)
}

export function asEngineModule(namespace: Record<string, unknown>, file: string): EngineModule {
  const candidate = (typeof namespace.init === 'function' ? namespace : namespace.default) as
    | Record<string, unknown>
    | undefined
  if (!candidate || typeof candidate.init !== 'function' || typeof candidate.onEvent !== 'function') {
    const found = Object.keys(namespace).join(', ') || 'no exports'
    throw new ModuleLoadError(file, `expected exports init(config, host) and onEvent(event, host), found ${found}`)
  }
  const init = candidate.init as EngineModule['init']
  const onEvent = candidate.onEvent as EngineModule['onEvent']
  return { init: (c, h) => init.call(candidate, c, h), onEvent: (e, h) => onEvent.call(candidate, e, h) }
}
