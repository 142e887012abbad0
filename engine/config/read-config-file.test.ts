import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { ConfigError, MissingConfigFileError } from './config-error.js'
import { readConfigFile } from './read-config-file.js'

describe('readConfigFile', () => {
  it('reads the text', async () => {
    const dir = tempDir('read-config-')
    await writeFile(join(dir, 'engine.toml'), 'a = 1\n')
    expect(await readConfigFile(join(dir, 'engine.toml'), 'an engine.toml file')).toBe('a = 1\n')
  })

  it('a missing file is a MissingConfigFileError naming it', async () => {
    const dir = tempDir('read-config-')
    const path = join(dir, 'engine.toml')
    const error = await readConfigFile(path, 'an engine.toml file').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingConfigFileError)
    expect((error as Error).message).toBe(`${path}: expected an engine.toml file, found nothing`)
  })

  it('a directory is a ConfigError, not a missing file', async () => {
    const dir = tempDir('read-config-')
    const error = await readConfigFile(dir, 'an engine.toml file').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).not.toBeInstanceOf(MissingConfigFileError)
    expect((error as Error).message).toBe(`${dir}: expected an engine.toml file, found a directory`)
  })
})
