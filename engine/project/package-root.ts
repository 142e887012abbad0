// Where the nexum-sim package is on disk: the one home of every lookup of the project's own files
// (fixtures/, policies/, modules/, the orderbook's OpenAPI document, the `<project>` placeholder of
// traces). A file's own `import.meta.url` is no guide: in the prebuilt CLI (dist/) it names a
// bundle chunk, not the source file, so paths relative to it would point into dist/.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../errors/base-error.js'

export const PACKAGE_NAME = 'nexum-sim'

export class PackageRootError extends BaseError {
  override readonly name = 'PackageRootError'
}

/** The nearest folder at or above `from` whose package.json is named nexum-sim. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && isNexumSim(manifest)) return dir
    if (dirname(dir) === dir)
      throw new PackageRootError(`no package.json named "${PACKAGE_NAME}" in ${from} or any folder above it`)
  }
}

function isNexumSim(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME
  } catch {
    return false
  }
}

/** The package's folder (no trailing separator). */
export const PROJECT_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)))

/** A path inside the package, from its root: `projectPath('fixtures', 'contracts')`. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments)
}
