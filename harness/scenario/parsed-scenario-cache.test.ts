// The parse cache behind loadScenarioFile: a second load of an unchanged file gives the same
// Scenario as a first parse, never an object a previous run could have changed; an edit, a
// renamed module or a removed cassette is seen on the next load.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScenarioFile, parseScenario, parseScenarioFileAhead } from './load-scenario.js'
import { scanModules } from './module-index.js'
import {
  adoptParsedScenario,
  cachedParsedScenario,
  forgetParsedScenarios,
  parsedScenarioBytes,
  parsedScenarioFromBytes,
  parsedScenarioKey,
  parsedScenariosGeneration,
} from './parsed-scenario-cache.js'

let tmp: string
let modulesDir: string
let file: string

const scenarioText = (blocks: number) => `version: 1
name: cached
cassette: ./run.json
engine:
  chains: { 11155111: {} }
  modules:
    - use: probe
      config: { amount: 1000000000000000000000 }
steps:
  - blocks: { count: ${blocks} }
`

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'parsed-scenario-cache-'))
  modulesDir = path.join(tmp, 'modules')
  await mkdir(path.join(modulesDir, 'probe'), { recursive: true })
  await writeFile(path.join(modulesDir, 'probe', 'module.toml'), '[module]\nname = "probe"\n')
  file = path.join(tmp, 'cached.yaml')
  await writeFile(path.join(tmp, 'run.json'), '{}')
})

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

describe('loadScenarioFile parse cache', () => {
  it('loads an unchanged file again as a first parse would, as a fresh object each time', async () => {
    await writeFile(file, scenarioText(3))
    const opts = { modulesDir, moduleIndex: await scanModules(modulesDir) }
    const first = await loadScenarioFile(file, opts)
    const fresh = await parseScenario(scenarioText(3), file, { modulesDir })
    // A run that changed what it was given must not change the next load.
    ;(first.steps[0] as { count?: number }).count = 99
    const firstModules = (first.engine as unknown as { value: { modules: unknown[] } }).value.modules
    firstModules.length = 0
    const second = await loadScenarioFile(file, { modulesDir, moduleIndex: await scanModules(modulesDir) })
    expect(second).toEqual(fresh)
    expect((second.engine as unknown as { value: { modules: unknown[] } }).value.modules).toHaveLength(1)
    expect(second).not.toBe(first)
  })

  it('sees an edit, a renamed module and a removed cassette on the next load', async () => {
    await writeFile(file, scenarioText(3))
    const index = await scanModules(modulesDir)
    await loadScenarioFile(file, { modulesDir, moduleIndex: index })

    await writeFile(file, scenarioText(5))
    const edited = await loadScenarioFile(file, { modulesDir, moduleIndex: index })
    expect(edited.steps[0]).toMatchObject({ kind: 'blocks', count: 5 })

    await writeFile(path.join(modulesDir, 'probe', 'module.toml'), '[module]\nname = "probe-renamed"\n')
    await expect(loadScenarioFile(file, { modulesDir, moduleIndex: await scanModules(modulesDir) })).rejects.toThrow(
      /probe-renamed/,
    )
    await writeFile(path.join(modulesDir, 'probe', 'module.toml'), '[module]\nname = "probe"\n')

    await rename(path.join(tmp, 'run.json'), path.join(tmp, 'gone.json'))
    try {
      await expect(loadScenarioFile(file, { modulesDir, moduleIndex: await scanModules(modulesDir) })).rejects.toThrow(
        /cassette: expected an existing cassette file, found "\.\/run\.json"/,
      )
    } finally {
      await rename(path.join(tmp, 'gone.json'), path.join(tmp, 'run.json'))
    }
  })

  it('forgets every kept parse when asked (the library bench measures first parses)', async () => {
    const text = scenarioText(4)
    await writeFile(file, text)
    const index = await scanModules(modulesDir)
    await loadScenarioFile(file, { modulesDir, moduleIndex: index })
    const key = parsedScenarioKey(file, text, index)
    expect(cachedParsedScenario(key)).toBeDefined()
    forgetParsedScenarios()
    expect(cachedParsedScenario(key)).toBeUndefined()
  })

  it('forgetting moves the generation a scenario lane follows', () => {
    const before = parsedScenariosGeneration()
    forgetParsedScenarios()
    expect(parsedScenariosGeneration()).toBe(before + 1)
  })
})

describe('parsing ahead for another thread (decision 0220)', () => {
  it("gives the key this thread's load looks up and the entry a first parse gives; an adopted entry is what the load uses", async () => {
    const text = scenarioText(6)
    await writeFile(file, text)
    const index = await scanModules(modulesDir)
    const ahead = await parseScenarioFileAhead(file, { modulesDir, moduleIndex: index })
    expect(ahead?.key).toBe(parsedScenarioKey(file, text, index))
    forgetParsedScenarios()
    const fresh = await loadScenarioFile(file, { modulesDir, moduleIndex: index })
    expect(cachedParsedScenario(ahead!.key)).toEqual(parsedScenarioFromBytes(ahead!.entry))
    // The load takes an adopted entry under that key as its parse: the name below proves it was used.
    forgetParsedScenarios()
    const entry = parsedScenarioFromBytes(ahead!.entry)
    entry.parsed.name = 'parsed on another thread'
    adoptParsedScenario(ahead!.key, parsedScenarioBytes(entry))
    const adopted = await loadScenarioFile(file, { modulesDir, moduleIndex: index })
    expect(adopted.name).toBe('parsed on another thread')
    // The seed follows the name (stable-hash); everything else is the first parse's.
    expect({ ...adopted, name: fresh.name, seed: fresh.seed }).toEqual(fresh)
    // Edited since: another key, parsed again.
    await writeFile(file, scenarioText(7))
    const edited = await loadScenarioFile(file, { modulesDir, moduleIndex: index })
    expect(edited.name).toBe('cached')
    expect(edited.steps[0]).toMatchObject({ kind: 'blocks', count: 7 })
  })

  it('a file that does not load gives nothing (its load reports it, in its place)', async () => {
    const broken = path.join(tmp, 'broken.yaml')
    await writeFile(broken, 'version: 1\nname: [unclosed\n')
    const index = await scanModules(modulesDir)
    expect(await parseScenarioFileAhead(broken, { modulesDir, moduleIndex: index })).toBeUndefined()
    expect(
      await parseScenarioFileAhead(path.join(tmp, 'missing.yaml'), { modulesDir, moduleIndex: index }),
    ).toBeUndefined()
  })
})
