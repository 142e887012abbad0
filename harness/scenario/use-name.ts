// How a scenario written by a tool names a module: `use: <name>` when the folder is the project's
// module of that name (the scenario stays portable), else undefined (the writer uses a path).
import { resolve } from 'node:path'
import { scanModules } from './module-index.js'

export async function useName(modulesDir: string, folder: string, manifestName: string): Promise<string | undefined> {
  const index = await scanModules(modulesDir)
  const folders = index.byName.get(manifestName) ?? []
  return folders.length === 1 && resolve(folders[0]!) === resolve(folder) ? manifestName : undefined
}
