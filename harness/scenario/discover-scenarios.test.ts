import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { discoverScenarioFiles, ScenarioPathError } from './discover-scenarios.js'

let root: string

async function file(rel: string): Promise<string> {
  const full = path.join(root, rel)
  await mkdir(path.dirname(full), { recursive: true })
  await writeFile(full, 'version: 1\n')
  return full
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'discover-'))
  await file('b/two.yaml')
  await file('a.yml')
  await file('b/nested/deeper/three.YAML')
  await file('b/notes.md')
  await file('.hidden/skip.yaml')
  await file('other.txt')
  await symlink(path.join(root, 'b'), path.join(root, 'loop'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('discoverScenarioFiles', () => {
  it('finds *.yaml and *.yml files recursively, sorted, skipping hidden and symlinked folders', async () => {
    expect(await discoverScenarioFiles([root])).toEqual([
      path.join(root, 'a.yml'),
      path.join(root, 'b/nested/deeper/three.YAML'),
      path.join(root, 'b/two.yaml'),
    ])
  })

  it('takes a file named directly whatever its extension, and lists each file once', async () => {
    expect(
      await discoverScenarioFiles([path.join(root, 'other.txt'), path.join(root, 'b'), path.join(root, 'b/two.yaml')]),
    ).toEqual([
      path.join(root, 'b/nested/deeper/three.YAML'),
      path.join(root, 'b/two.yaml'),
      path.join(root, 'other.txt'),
    ])
  })

  it('gives the same order whatever order the paths are given in', async () => {
    const a = await discoverScenarioFiles([path.join(root, 'b'), path.join(root, 'a.yml')])
    const b = await discoverScenarioFiles([path.join(root, 'a.yml'), path.join(root, 'b')])
    expect(a).toEqual(b)
  })

  it('names a path that does not exist', async () => {
    const missing = path.join(root, 'nope')
    await expect(discoverScenarioFiles([root, missing])).rejects.toThrow(ScenarioPathError)
    await expect(discoverScenarioFiles([missing])).rejects.toThrow(
      `${missing}: expected a scenario file or a folder of scenarios, found nothing (ENOENT)`,
    )
  })

  it('finds nothing in an empty folder', async () => {
    await mkdir(path.join(root, 'empty'))
    expect(await discoverScenarioFiles([path.join(root, 'empty')])).toEqual([])
  })
})
