// The committed bytecode is what the committed sources compile to (npm run build:contracts).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS_FILE, CONTRACT_SOURCES_DIR } from './artifacts.js'
import { artifactsText, compileContracts } from './compile-contracts.js'

describe('fixture contract artifacts', () => {
  it('match a rebuild of fixtures/contracts with the pinned solc', () => {
    const rebuilt = artifactsText(compileContracts(CONTRACT_SOURCES_DIR))
    expect(rebuilt === readFileSync(ARTIFACTS_FILE, 'utf8'), 'run npm run build:contracts and commit the result').toBe(
      true,
    )
  }, 120_000)
})
