// Which scenario files a run covers: the files named, and every *.yaml / *.yml under the folders
// named, in one sorted, de-duplicated list, so every machine runs them in the same order.
import { BaseError } from '../../engine/errors/base-error.js'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/** A path given to the runner that does not exist. */
export class ScenarioPathError extends BaseError {
  override readonly name = 'ScenarioPathError'

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: expected a scenario file or a folder of scenarios, found ${reason}`)
  }
}

const SCENARIO_FILE = /\.ya?ml$/i

/** Folders are searched recursively; hidden folders and symlinked folders are skipped. */
async function scenariosUnder(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await scenariosUnder(full, out)
    else if (SCENARIO_FILE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full)))))
      out.push(full)
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

/** A file named directly is taken whatever its extension. Throws ScenarioPathError for a missing path. */
export async function discoverScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = []
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(p)
    } catch (e) {
      throw new ScenarioPathError(p, `nothing (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
    }
    if (info.isDirectory()) await scenariosUnder(p, found)
    else if (info.isFile()) found.push(path.normalize(p))
    else throw new ScenarioPathError(p, 'neither a file nor a folder')
  }
  return [...new Set(found)].sort(byCodeUnits)
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
