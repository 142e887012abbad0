// What a new process and each thread it starts load before their first scenario (decision 0242):
// a fixture-mode `nexum-sim run` evaluates the CLI, the runner and what they import statically;
// a scenario lane the runner again; a module's worker thread only the module ABI (and then the
// module's own code). Everything a fixture run does not need is imported where it is used, and
// this reads the build's own import graph (esbuild's metafile of the real bundle, built in memory)
// so a later static import does not silently bring it back into every start.
import { join } from 'node:path'
import { build, type Metafile } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleOptions } from '../build/build.mjs'
import { ROOT } from './support/run-cli.js'

const DIST = 'dist'
let meta: Metafile

beforeAll(async () => {
  const result = await build({ ...bundleOptions(ROOT, join(ROOT, DIST)), write: false, logLevel: 'silent' })
  meta = result.metafile
}, 120_000)

/** The output file built for a source file that is an entry or the target of a dynamic import(). */
function outputOf(source: string): string {
  const found = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === source)
  if (!found) throw new Error(`no output file has ${source} as its entry point`)
  return found[0]
}

/** Output files evaluated once `sources` are imported: static imports followed, dynamic ones not. */
function staticallyLoaded(sources: readonly string[]): string[] {
  const seen = new Set<string>()
  const stack = sources.map(outputOf)
  while (stack.length) {
    const file = stack.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    for (const i of meta.outputs[file]!.imports) if (!i.external && i.kind === 'import-statement') stack.push(i.path)
  }
  return [...seen]
}

/** The source files (and node_modules files) bundled into these outputs. */
function inputsOf(outputs: readonly string[]): string[] {
  return outputs.flatMap((o) => Object.keys(meta.outputs[o]!.inputs))
}

/** Packages left to Node (EXTERNAL) that these outputs import statically, built-ins aside. */
function externalsOf(outputs: readonly string[]): string[] {
  const found = new Set<string>()
  for (const o of outputs)
    for (const i of meta.outputs[o]!.imports)
      if (i.external && i.kind === 'import-statement' && !i.path.startsWith('node:')) found.add(i.path)
  return [...found]
}

const packageOf = (input: string): string | undefined => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]

/** What `run` in fixture mode loads on its own thread before the first scenario file starts. */
const RUN = [
  'harness/cli/main.ts',
  'harness/run/run-scenarios.ts',
  'harness/scenario/discover-scenarios.ts',
  'harness/cli/run-reports.ts',
]
const LANE = ['harness/run/scenario-lane.ts']
const MODULE_WORKER = ['engine/isolation/module-worker.ts']

/**
 * Packages no fixture-mode run loads: Anvil, the browser, fuzzing, metrics, the compiler, TypeScript,
 * the official client; and the schema compilers whose output is committed code (decision 0236).
 */
const NOT_FOR_FIXTURE_RUNS = [
  'prool',
  '@foundry-rs/anvil',
  'playwright-core',
  'fast-check',
  'prom-client',
  'solc',
  'esbuild',
  'tsx',
  '@cowprotocol/sdk-order-book',
  'openapi-backend',
  'ajv',
]

describe('what a fixture run loads before its first scenario', { timeout: 120_000 }, () => {
  for (const [thread, sources] of [
    ['the run', RUN],
    ['a scenario lane', LANE],
  ] as const) {
    it(`${thread}: no package a fixture run does not use, bundled or left to Node`, () => {
      const loaded = staticallyLoaded(sources)
      const packages = new Set([...inputsOf(loaded).map(packageOf), ...externalsOf(loaded)])
      expect(NOT_FOR_FIXTURE_RUNS.filter((p) => packages.has(p))).toEqual([])
    })

    it(`${thread}: better-sqlite3 only when a store is opened, zod without its locales, no recorder, no HTML report`, () => {
      const loaded = staticallyLoaded(sources)
      expect(externalsOf(loaded)).not.toContain('better-sqlite3')
      const inputs = inputsOf(loaded)
      // zod's namespace object (`import { z }`) holds every locale; `import * as z` keeps only English.
      expect(inputs.filter((i) => /zod\/v4\/locales\/(?!en\.js)/.test(i))).toEqual([])
      expect(inputs.filter((i) => /anvil\/fork\/fork-recording|report\/html-report/.test(i))).toEqual([])
    })
  }

  it("the run: no other command's code; of Anvil mode only the --fork spec's parser", () => {
    const inputs = inputsOf(staticallyLoaded(RUN))
    expect(inputs.filter((i) => /^harness\/(fuzz|record|serve|repro|bench)\//.test(i))).toEqual([])
    const anvil = inputs.filter((i) => i.startsWith('harness/anvil/'))
    expect(anvil.filter((i) => !/^harness\/anvil\/fork\/fork-(source|cassette)\.ts$/.test(i))).toEqual([])
  })

  it('a scenario lane: the runner only, no CLI, reporter or other command', () => {
    const inputs = inputsOf(staticallyLoaded(LANE))
    expect(inputs.filter((i) => /^harness\/(cli|report|anvil|fuzz|record|serve|repro|bench)\//.test(i))).toEqual([])
    expect(inputs).toContain('harness/run/run-file.ts')
  })

  it('the run: the runner, YAML, zod and viem are there (the graph read is the real one)', () => {
    const inputs = inputsOf(staticallyLoaded(RUN))
    expect(inputs).toContain('harness/run/run-file.ts')
    for (const p of ['yaml', 'zod', 'viem']) expect(inputs.map(packageOf)).toContain(p)
  })

  it('what `run` imports to start its lane threads before the runner: no runner, no package (decision 0256)', () => {
    const early = staticallyLoaded(['harness/run/lane-threads.ts', 'harness/scenario/discover-scenarios.ts'])
    const inputs = inputsOf(early)
    expect(
      inputs.filter(
        (i) =>
          !/^(harness\/run\/lane-threads|harness\/scenario\/discover-scenarios|engine\/(project|errors)\/)/.test(i),
      ),
    ).toEqual([])
    expect(externalsOf(early)).toEqual([])
    expect(inputs).toContain('harness/run/lane-threads.ts')
  })

  it("a module's worker thread: the engine's module ABI only, no harness and no package", () => {
    const loaded = staticallyLoaded(MODULE_WORKER)
    const inputs = inputsOf(loaded)
    expect(inputs.filter((i) => !i.startsWith('engine/'))).toEqual([])
    expect(externalsOf(loaded)).toEqual([])
    expect(inputs).toContain('engine/module-loader.ts')
  })
})
