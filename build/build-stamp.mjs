// Whether dist/ (the prebuilt CLI) is current: the build records, for every source file it is made
// from, its size and modification time; the CLI compares that list with the files as they are now
// before it runs dist/ (decision 0202). Stat calls only, no reading: a few ms for ~400 files.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The folders whose files the build bundles, from the package root. */
export const SOURCE_DIRS = ['engine', 'harness', 'modules']

/** Single files the build depends on: its own code, the dependency versions, the compiler settings. */
export const SOURCE_FILES = [
  'build/build.mjs',
  'build/build-stamp.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
]

/** The stamp file inside dist/. */
export const STAMP_FILE = 'build-stamp.json'

const CODE = /\.(?:[cm]?ts|[cm]?js|json)$/
/** Tests are never bundled: editing one does not make the build stale. */
const TEST = /\.test\.[cm]?ts$/

/**
 * The stamp of the sources as they are now: one `path size mtime` line per source file, sorted.
 * @param {string} root the package root
 * @returns {string}
 */
export function sourceStamp(root) {
  /** @type {string[]} */
  const lines = []
  const add = (/** @type {string} */ rel) => {
    const s = statSync(join(root, rel), { throwIfNoEntry: false })
    lines.push(s ? `${rel} ${s.size} ${s.mtimeMs}` : `${rel} missing`)
  }
  const walk = (/** @type {string} */ rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child)
      } else if (CODE.test(entry.name) && !TEST.test(entry.name)) add(child)
    }
  }
  for (const dir of SOURCE_DIRS) walk(dir)
  for (const file of SOURCE_FILES) add(file)
  return lines.sort().join('\n')
}

/**
 * The stamp recorded by the build in `distDir`, or undefined when there is none (never built,
 * or a build that did not finish).
 * @param {string} distDir
 * @returns {string | undefined}
 */
export function recordedStamp(distDir) {
  try {
    return /** @type {{ sources: string }} */ (JSON.parse(readFileSync(join(distDir, STAMP_FILE), 'utf8'))).sources
  } catch {
    return undefined
  }
}

/**
 * dist/ was built from the sources exactly as they are now.
 * @param {string} root
 * @param {string} distDir
 */
export function isBuildCurrent(root, distDir) {
  const recorded = recordedStamp(distDir)
  return recorded !== undefined && recorded === sourceStamp(root)
}
