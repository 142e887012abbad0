// What a simulated engine reads at each boot (module manifests, config schemas, the policy file,
// module code), read once for a whole run, or for a whole fuzz campaign when the caller keeps
// one: a scenario cannot change a file while it runs, and a `restart:` or a fuzz case is a boot
// in the same process, not a new one (decision 0183).
import { type EngineFiles, rememberedFiles } from '../../engine/config/engine-files.js'
import type { ModuleEntry } from '../../engine/config/types.js'
import type { EngineModule } from '../../engine/module-api/module.js'
import { importModuleFolder, prepareModuleLoading } from '../../engine/module-loader.js'

export interface BootFiles {
  files: EngineFiles
  loadModule(entry: ModuleEntry): Promise<EngineModule>
  /** `prepareModuleLoading` for the folders not prepared yet (each looks up files on disk). */
  prepareModules(entries: readonly ModuleEntry[]): Promise<void>
}

export function rememberedBootFiles(): BootFiles {
  const modules = new Map<string, Promise<EngineModule>>()
  const prepared = new Set<string>()
  return {
    files: rememberedFiles(),
    loadModule: (entry) => {
      let loaded = modules.get(entry.path)
      if (!loaded) {
        loaded = importModuleFolder(entry)
        modules.set(entry.path, loaded)
        loaded.catch(() => modules.delete(entry.path))
      }
      return loaded
    },
    prepareModules: async (entries) => {
      const fresh = entries.filter((e) => !prepared.has(e.path))
      if (fresh.length === 0) return
      await prepareModuleLoading(fresh)
      for (const e of fresh) prepared.add(e.path)
    },
  }
}
