// `use: <name>` in an inline engine names a module by its manifest's `[module] name`. The index
// maps names to folders: every folder one level under modulesDir, and under modulesDir/fixtures,
// that holds a module.toml.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseToml } from 'smol-toml'

export interface ModuleIndex {
  /** The folders that were searched (absolute). */
  searched: string[]
  /** Manifest name → module folders (absolute, in scan order; more than one = ambiguous). */
  byName: Map<string, string[]>
  /** Manifests that could not be read, for messages: `<file>: <reason>`. */
  unreadable: string[]
}

export type ModuleLookup = { ok: true; path: string } | { ok: false; expected: string; found: string }

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort()
      .map((name) => path.join(dir, name))
  } catch {
    return []
  }
}

/** The `[module] name` of a manifest; undefined when it has none (such a module cannot be `use`d). */
export function manifestName(tomlText: string): string | undefined {
  const doc = parseToml(tomlText) as { module?: { name?: unknown } }
  const name = doc.module?.name
  return typeof name === 'string' && name !== '' ? name : undefined
}

/** Scans modulesDir and modulesDir/fixtures, one level deep, in name order. */
export async function scanModules(modulesDir: string): Promise<ModuleIndex> {
  const root = path.resolve(modulesDir)
  const searched = [root, path.join(root, 'fixtures')]
  const index: ModuleIndex = { searched, byName: new Map(), unreadable: [] }
  for (const dir of searched) {
    for (const folder of await subfolders(dir)) {
      const manifest = path.join(folder, 'module.toml')
      let text: string
      try {
        text = await readFile(manifest, 'utf8')
      } catch {
        continue // not a module folder (the SDK, the fixtures folder itself, ...)
      }
      let name: string | undefined
      try {
        name = manifestName(text)
      } catch (e) {
        index.unreadable.push(`${manifest}: ${(e as Error).message.split('\n')[0] ?? ''}`)
        continue
      }
      if (name === undefined) continue
      index.byName.set(name, [...(index.byName.get(name) ?? []), folder])
    }
  }
  return index
}

/** The folder of the module called `name`, or what to say about it. */
export function lookupModule(index: ModuleIndex, name: string): ModuleLookup {
  const folders = index.byName.get(name) ?? []
  if (folders.length === 1 && folders[0] !== undefined) return { ok: true, path: folders[0] }
  const where = index.searched.join(' or ')
  if (folders.length > 1) {
    return {
      ok: false,
      expected: `a module name defined by one manifest only (in ${where})`,
      found: `${JSON.stringify(name)}, defined in ${folders.join(' and ')}`,
    }
  }
  const known = [...index.byName.keys()].sort()
  const unreadable = index.unreadable.length > 0 ? `; unreadable manifests: ${index.unreadable.join('; ')}` : ''
  return {
    ok: false,
    expected: `the name of a module in ${where} (known: ${known.length > 0 ? known.join(', ') : 'none'}${unreadable})`,
    found: JSON.stringify(name),
  }
}
