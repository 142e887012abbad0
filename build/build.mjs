// `npm run build` (and `prepare`, which `npm ci` runs): bundles the CLI, its worker threads and the
// shipped modules into dist/ with esbuild, so `nexum-sim` starts without tsx and without loading
// the parts of its dependencies it never calls (decision 0202). dist/ mirrors the sources' paths:
// `harness/cli/main.ts` → `dist/harness/cli/main.js`, `modules/x/index.ts` → `dist/modules/x/index.js`.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { STAMP_FILE, sourceStamp } from './build-stamp.mjs'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))

/** What starts a process or a thread: the CLI, the module, fuzz and scenario-lane worker threads, the bench's memory child. */
const PROGRAM_ENTRIES = [
  'harness/cli/main.ts',
  'engine/isolation/module-worker.ts',
  'harness/fuzz/campaign-worker.ts',
  'harness/run/scenario-lane.ts',
  'harness/bench/day-memory-child.ts',
]

/**
 * Left to Node at run time: native addons, packages that start other processes or read their own
 * files by path, and tsx (a loader, registered only for a user's TypeScript module).
 */
export const EXTERNAL = [
  'better-sqlite3',
  'prool',
  '@foundry-rs/*',
  'playwright-core',
  'tsx',
  'tsx/*',
  'esbuild',
  'solc',
  'ws',
]

/** Every shipped module's code and config schema: each folder under modules/ with a module.toml. */
function moduleEntries(/** @type {string} */ root) {
  /** @type {string[]} */
  const found = []
  const walk = (/** @type {string} */ rel) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true })
    const names = entries.map((e) => e.name)
    if (names.includes('module.toml'))
      for (const file of ['index.ts', 'index.mts', 'config-schema.ts', 'config-schema.mts'])
        if (names.includes(file)) found.push(`${rel}/${file}`)
    for (const entry of entries) if (entry.isDirectory() && entry.name !== 'node_modules') walk(`${rel}/${entry.name}`)
  }
  walk('modules')
  return found
}

/**
 * esbuild's options for the whole bundle, written into `outdir`: `buildDist` writes them, and the
 * start-up import test (test/startup-imports.test.ts) reads the metafile of an in-memory build.
 * @param {string} root
 * @param {string} outdir
 */
export function bundleOptions(root, outdir) {
  const entries = [...PROGRAM_ENTRIES, ...moduleEntries(root)]
  return {
    absWorkingDir: root,
    entryPoints: entries.map((file) => ({ in: file, out: file.replace(/\.[cm]?ts$/, '') })),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's built-ins; ESM output has none of its own.
    banner: {
      js: "import { createRequire as __nexumCreateRequire } from 'node:module';const require = __nexumCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  }
}

/** Builds into a fresh folder, then swaps it in: a failed build leaves no half-written dist/. */
export async function buildDist(root = ROOT) {
  const before = sourceStamp(root)
  const dist = join(root, 'dist')
  const next = join(root, `dist.building-${process.pid}`)
  rmSync(next, { recursive: true, force: true })
  mkdirSync(next, { recursive: true })
  const options = bundleOptions(root, next)
  const result = await build(options)
  const after = sourceStamp(root)
  if (after !== before) {
    rmSync(next, { recursive: true, force: true })
    throw new Error('a source file changed during the build; run `npm run build` again')
  }
  writeFileSync(join(next, 'meta.json'), JSON.stringify(result.metafile))
  // The stamp last: dist/ counts as current only once everything in it is written.
  writeFileSync(join(next, STAMP_FILE), `${JSON.stringify({ sources: before })}\n`)
  const old = join(root, `dist.old-${process.pid}`)
  if (existsSync(dist)) renameSync(dist, old)
  renameSync(next, dist)
  rmSync(old, { recursive: true, force: true })
  return {
    entries: options.entryPoints.length,
    outputs: Object.keys(result.metafile.outputs).length,
    dist: relative(root, dist),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const built = await buildDist()
  process.stdout.write(
    `built ${built.dist}/: ${built.entries} entries, ${built.outputs} files, ${Math.round(performance.now() - started)} ms\n`,
  )
}
