// What a simulated engine reads at each boot (module manifests, config schemas, the policy file,
// module code), read once for a whole run, or for a whole fuzz campaign when the caller keeps
// one: a scenario cannot change a file while it runs, and a `restart:` or a fuzz case is a boot
// in the same process, not a new one (decision 0183).
import { type EngineFiles, rememberedFiles } from '../../engine/config/engine-files.js'
import type { ModuleEntry } from '../../engine/config/types.js'
import type { EngineModule } from '../../engine/module-api/module.js'
import { importModuleFolder } from '../../engine/module-loader.js'

export interface BootFiles {
  files: EngineFiles
  loadModule(entry: ModuleEntry): Promise<EngineModule>
}

export function rememberedBootFiles(): BootFiles {
  const modules = new Map<string, Promise<EngineModule>>()
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
  }
}
