// Which file runs a module's code. When the CLI runs prebuilt (dist/ is current, decision 0202), a
// shipped module under the package's modules/ runs from its bundled copy in dist/modules/, so no
// TypeScript loader is needed. Any other TypeScript module (a user's own folder) is run through
// tsx, whose loader is registered in the importing thread the first time one is imported.
import { existsSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { RUNNING_PREBUILT } from './entry-file.js'
import { PROJECT_ROOT, projectPath } from './package-root.js'

const TYPESCRIPT = /\.[cm]?ts$/

/** The prebuilt copy of a shipped module's file, when running prebuilt and it exists; else `file`. */
export function prebuiltModuleFile(file: string): string {
  if (!RUNNING_PREBUILT || !TYPESCRIPT.test(file)) return file
  const rel = relative(PROJECT_ROOT, file)
  if (!rel.startsWith(`modules${sep}`)) return file
  const built = projectPath('dist', rel.replace(TYPESCRIPT, '.js'))
  return existsSync(built) ? built : file
}

let typescriptLoader: Promise<void> | undefined

/** Registers tsx's loader in this thread before a TypeScript file is imported (once; never when running from the sources, where it already is). */
export function typescriptLoaderFor(file: string): Promise<void> {
  if (!RUNNING_PREBUILT || !TYPESCRIPT.test(file)) return Promise.resolve()
  typescriptLoader ??= import('tsx/esm/api').then(({ register }) => {
    register()
  })
  return typescriptLoader
}
