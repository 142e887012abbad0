// Which file a worker thread or child process starts from. The CLI runs either from the prebuilt
// bundle under dist/ (the usual case) or from the TypeScript sources through tsx (a source is
// newer than the build, decision 0202); a thread it starts runs the same way, so it never mixes
// prebuilt and source copies of one module (two instances of its state).
import { projectPath } from './package-root.js'

/** This code was loaded from dist/ (bundled JavaScript), not from the .ts sources. */
export const RUNNING_PREBUILT = !import.meta.url.endsWith('.ts')

/** The build's output folder. */
export const DIST_DIR = projectPath('dist')

/**
 * The file to start: `dist/<source>.js` when running prebuilt, else `<source><sourceExtension>`
 * (e.g. a `.mjs` bootstrap that registers tsx, then imports the `.ts`). `source` is the entry's
 * path from the package root without extension: `engine/isolation/module-worker`.
 */
export function entryFile(source: string, sourceExtension: string): string {
  return RUNNING_PREBUILT ? projectPath('dist', `${source}.js`) : projectPath(`${source}${sourceExtension}`)
}
