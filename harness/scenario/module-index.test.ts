import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lookupModule, manifestName, scanModules } from './module-index.js'

let root: string

async function moduleAt(folder: string, manifest: string): Promise<void> {
  await mkdir(path.join(root, folder), { recursive: true })
  await writeFile(path.join(root, folder, 'module.toml'), manifest)
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'module-index-'))
  await moduleAt('stop-loss', '[module]\nname = "stop-loss"\n')
  await moduleAt('price', '[module]\nname = "price-alert"\nversion = "0.1.0"\n')
  await moduleAt('fixtures/probe', '[module]\nname = "probe"\n')
  await moduleAt('fixtures/dup', '[module]\nname = "stop-loss"\n')
  await moduleAt('broken', '[module\nname = "x"\n')
  await moduleAt('nameless', '[config]\na = 1\n')
  await moduleAt('deep/nested', '[module]\nname = "too-deep"\n')
  await mkdir(path.join(root, 'sdk'), { recursive: true })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('manifestName', () => {
  it('reads [module] name, and nothing from a manifest without one', () => {
    expect(manifestName('[module]\nname = "probe"\n')).toBe('probe')
    expect(manifestName('[module]\nname = ""\n')).toBeUndefined()
    expect(manifestName('[config]\n')).toBeUndefined()
  })
})

describe('scanModules', () => {
  it('indexes manifests one level under the folder and under fixtures/, by manifest name', async () => {
    const index = await scanModules(root)
    expect([...index.byName.keys()].sort()).toEqual(['price-alert', 'probe', 'stop-loss'])
    expect(index.byName.get('price-alert')).toEqual([path.join(root, 'price')])
    expect(index.byName.get('probe')).toEqual([path.join(root, 'fixtures', 'probe')])
    expect(index.unreadable).toHaveLength(1)
    expect(index.unreadable[0]).toContain(path.join(root, 'broken', 'module.toml'))
  })

  it('finds nothing in a folder that does not exist', async () => {
    const index = await scanModules(path.join(root, 'missing'))
    expect(index.byName.size).toBe(0)
  })
})

describe('lookupModule', () => {
  it('gives the folder of a known name', async () => {
    expect(lookupModule(await scanModules(root), 'probe')).toEqual({
      ok: true,
      path: path.join(root, 'fixtures', 'probe'),
    })
  })

  it('lists the known names for an unknown one', async () => {
    const found = lookupModule(await scanModules(root), 'stop-los')
    expect(found.ok).toBe(false)
    if (!found.ok) {
      expect(found.expected).toContain('known: price-alert, probe, stop-loss')
      expect(found.expected).toContain('unreadable manifests')
      expect(found.found).toBe('"stop-los"')
    }
  })

  it('refuses a name two manifests claim, naming both folders', async () => {
    const found = lookupModule(await scanModules(root), 'stop-loss')
    expect(found.ok).toBe(false)
    if (!found.ok)
      expect(found.found).toBe(
        `"stop-loss", defined in ${path.join(root, 'stop-loss')} and ${path.join(root, 'fixtures', 'dup')}`,
      )
  })
})
