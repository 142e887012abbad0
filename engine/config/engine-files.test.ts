import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MissingConfigFileError } from './config-error.js'
import { diskFiles, rememberedFiles } from './engine-files.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('rememberedFiles', () => {
  it('reads and validates each manifest once, then gives the same value', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nexum-files-'))
    const file = join(dir, 'module.toml')
    writeFileSync(file, '[module]\nname = "first"\n')
    let reads = 0
    const files = rememberedFiles({
      ...diskFiles,
      manifest: (p) => {
        reads++
        return diskFiles.manifest(p)
      },
    })
    const a = await files.manifest(file)
    writeFileSync(file, '[module]\nname = "second"\n')
    const b = await files.manifest(file)
    expect(a.name).toBe('first')
    expect(b).toBe(a)
    expect(reads).toBe(1)
    // The disk reader itself sees the change: only the remembered one keeps the first read.
    expect((await diskFiles.manifest(file)).name).toBe('second')
  })

  it('does not remember a failed read: the next boot reads the file again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nexum-files-'))
    const file = join(dir, 'module.toml')
    const files = rememberedFiles()
    await expect(files.manifest(file)).rejects.toBeInstanceOf(MissingConfigFileError)
    writeFileSync(file, '[module]\nname = "late"\n')
    expect((await files.manifest(file)).name).toBe('late')
  })
})
