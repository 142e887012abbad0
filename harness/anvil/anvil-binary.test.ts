import { accessSync, constants } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { anvilBinary } from './anvil-binary.js'

describe('anvilBinary', () => {
  it('resolves the platform package binary, not the npm wrapper', () => {
    const bin = anvilBinary({ env: {} })
    expect(bin).toMatch(/@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil(\.exe)?$/)
    accessSync(bin, constants.X_OK)
  })

  it('honours ANVIL_BIN', () => {
    const real = anvilBinary({ env: {} })
    expect(anvilBinary({ env: { ANVIL_BIN: real }, platform: 'plan9', arch: 'mips' })).toBe(real)
  })

  it('refuses an ANVIL_BIN that does not exist', () => {
    expect(() => anvilBinary({ env: { ANVIL_BIN: '/nonexistent/anvil' } })).toThrow(
      /ANVIL_BIN points at \/nonexistent\/anvil/,
    )
  })

  it('names the platform when there is no package for it', () => {
    expect(() => anvilBinary({ env: {}, platform: 'plan9', arch: 'mips' })).toThrow(/plan9-mips/)
  })

  it('explains a missing platform package', () => {
    const missing = () => {
      throw new Error('MODULE_NOT_FOUND')
    }
    expect(() => anvilBinary({ env: {}, resolvePackageJson: missing })).toThrow(/is not installed/)
  })
})
