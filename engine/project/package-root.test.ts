import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT, PackageRootError, findPackageRoot, projectPath } from './package-root.js'

describe('the package root', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'nexum-package-root-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('is the nearest folder above whose package.json is named nexum-sim, past other packages', () => {
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'nexum-sim' }))
    // A bundle chunk under dist/, inside a nested package of another name and one with a broken manifest.
    mkdirSync(join(scratch, 'other', 'broken', 'dist', 'chunks'), { recursive: true })
    writeFileSync(join(scratch, 'other', 'package.json'), JSON.stringify({ name: 'other' }))
    writeFileSync(join(scratch, 'other', 'broken', 'package.json'), '{ not json')
    expect(findPackageRoot(join(scratch, 'other', 'broken', 'dist', 'chunks'))).toBe(scratch)
  })

  it('names the folder it started from when no nexum-sim package is above it', () => {
    const lone = mkdtempSync(join(tmpdir(), 'nexum-no-package-'))
    try {
      expect(() => findPackageRoot(lone)).toThrow(PackageRootError)
      expect(() => findPackageRoot(lone)).toThrow(`no package.json named "nexum-sim" in ${lone}`)
    } finally {
      rmSync(lone, { recursive: true, force: true })
    }
  })

  it('holds the project files every lookup goes to', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string }
    expect(manifest.name).toBe('nexum-sim')
    expect(PROJECT_ROOT.endsWith('/')).toBe(false)
    expect(readFileSync(projectPath('policies', 'default.toml'), 'utf8').length).toBeGreaterThan(0)
  })
})
