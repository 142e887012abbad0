// The prebuilt CLI (decision 0202): `npm ci` builds dist/ through `prepare`, the bin runs it only
// while it is current and the sources through tsx otherwise, shipped modules run from their
// prebuilt copies without tsx, and a user's TypeScript module still loads (tsx registered on
// demand). Checked on a scratch copy of the project: the repository's own dist/ is never touched.
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDist } from '../build/build.mjs'
import { isBuildCurrent, recordedStamp, sourceStamp } from '../build/build-stamp.mjs'
import { ROOT, runCli } from './support/run-cli.js'
import { tempDir } from './support/temp-dir.js'

const PARTS = [
  'bin',
  'build',
  'engine',
  'harness',
  'modules',
  'policies',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
]

/** A copy of the project's code whose node_modules links every installed package but those named. */
function scratchCopy(prefix: string, withoutPackages: string[] = []): string {
  const copy = tempDir(prefix)
  for (const part of PARTS) cpSync(join(ROOT, part), join(copy, part), { recursive: true })
  mkdirSync(join(copy, 'node_modules'))
  for (const name of readdirSync(join(ROOT, 'node_modules')))
    if (!withoutPackages.includes(name)) symlinkSync(join(ROOT, 'node_modules', name), join(copy, 'node_modules', name))
  return copy
}

/** A module folder beside its scenario, written in TypeScript (types the loader must strip). */
function typescriptModuleScenarios(dir: string): void {
  mkdirSync(join(dir, 'modules', 'typed'), { recursive: true })
  writeFileSync(
    join(dir, 'modules', 'typed', 'module.toml'),
    '[module]\nname = "typed"\nversion = "0.1.0"\n\n[capabilities]\nrequired = ["logging"]\n\n[[subscription]]\nkind = "block"\nchain_id = 11155111\n',
  )
  // .mts: a folder outside any `"type": "module"` package (decision 0100's rule for .ts).
  writeFileSync(
    join(dir, 'modules', 'typed', 'index.mts'),
    [
      'interface Host { logging: { log(level: string, message: string): void } }',
      "const greeting: string = 'typed module initialised'",
      'export async function init(_config: unknown, host: Host): Promise<void> {',
      "  host.logging.log('info', greeting)",
      '}',
      'export async function onEvent(): Promise<void> {}',
      '',
    ].join('\n'),
  )
  for (const isolation of ['in-process', 'worker'])
    writeFileSync(
      join(dir, `typed-${isolation}.yaml`),
      [
        'version: 1',
        `name: "a TypeScript module beside its scenario loads (${isolation})"`,
        'modes: [fixture]',
        `isolation: ${isolation}`,
        'engine:',
        '  chains: { 11155111: {} }',
        '  modules:',
        '    - path: ./modules/typed',
        'steps: []',
        'expect:',
        '  logs:',
        '    - { module: typed, level: info, contains: "typed module initialised" }',
        '',
      ].join('\n'),
    )
}

const DIST_MARK = '[ran dist]'
const SOURCES_MARK = '[ran the sources]'
const mark = (file: string, text: string) =>
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nprocess.stderr.write(${JSON.stringify(`${text}\n`)})\n`)

describe('the prebuilt CLI', { timeout: 240_000 }, () => {
  it('is current in the repository: `npm ci` ran `prepare` (else: npm run build)', () => {
    const dist = join(ROOT, 'dist')
    expect(recordedStamp(dist), 'no dist/ build stamp: run `npm run build`').toBeDefined()
    expect(isBuildCurrent(ROOT, dist), 'dist/ is older than the sources: run `npm run build`').toBe(true)
  })

  it('runs from dist/ while current, shipped modules included, with no tsx installed at all', async () => {
    const copy = scratchCopy('nexum-prebuilt-', ['tsx'])
    await buildDist(copy)
    expect(isBuildCurrent(copy, join(copy, 'dist'))).toBe(true)
    mark(join(copy, 'dist', 'harness', 'cli', 'main.js'), DIST_MARK)
    // Every shipped module the isolation scenarios use, in worker threads and in process.
    cpSync(join(ROOT, 'scenarios', 'isolation'), join(copy, 'scenarios'), { recursive: true })
    const r = await runCli(['run', 'scenarios'], copy, process.env, join(copy, 'bin', 'nexum-sim.mjs'))
    expect(r.stderr).toContain(DIST_MARK)
    expect(r.stdout).toMatch(/\b5 passed, 0 failed\b/)
    expect(r.code).toBe(0)
  })

  it("loads a user's TypeScript module (tsx on demand), and runs the sources once one is edited", async () => {
    const copy = scratchCopy('nexum-stale-')
    await buildDist(copy)
    mark(join(copy, 'dist', 'harness', 'cli', 'main.js'), DIST_MARK)
    typescriptModuleScenarios(join(copy, 'user'))
    const bin = join(copy, 'bin', 'nexum-sim.mjs')
    const typed = await runCli(['run', 'user'], copy, process.env, bin)
    expect(typed.stderr).toContain(DIST_MARK)
    expect(typed.stdout).toMatch(/\b2 passed, 0 failed\b/)

    // An edit the build has not seen: the bin runs the sources, not the stale dist/.
    mark(join(copy, 'harness', 'cli', 'main.ts'), SOURCES_MARK)
    expect(isBuildCurrent(copy, join(copy, 'dist'))).toBe(false)
    const help = await runCli(['--help'], copy, process.env, bin)
    expect(help.stderr).toContain(SOURCES_MARK)
    expect(help.stderr).not.toContain(DIST_MARK)
    expect(help.code).toBe(0)
  })
})

describe('the build stamp', () => {
  function tree(): string {
    const root = tempDir('nexum-stamp-')
    for (const dir of ['engine', 'harness', 'modules/m', 'build']) mkdirSync(join(root, dir), { recursive: true })
    writeFileSync(join(root, 'engine', 'a.ts'), 'export const a = 1\n')
    writeFileSync(join(root, 'modules', 'm', 'index.ts'), 'export const m = 1\n')
    writeFileSync(join(root, 'package.json'), '{}\n')
    return root
  }

  it('changes with an edit (even of the same size), a new or removed file; not with a test or a doc', () => {
    const root = tree()
    const first = sourceStamp(root)
    expect(sourceStamp(root)).toBe(first)
    writeFileSync(join(root, 'harness', 'x.test.ts'), 'test\n')
    writeFileSync(join(root, 'harness', 'README.md'), 'doc\n')
    expect(sourceStamp(root)).toBe(first)

    utimesSync(join(root, 'engine', 'a.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1))
    const touched = sourceStamp(root)
    expect(touched).not.toBe(first)
    writeFileSync(join(root, 'modules', 'm', 'new.ts'), 'export {}\n')
    expect(sourceStamp(root)).not.toBe(touched)
  })
})
