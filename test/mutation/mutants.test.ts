// The mutation check itself is slow (`npm run test:mutation`), but whether each mutant still
// applies is not: a refactor that moves a mutant's text fails here, in `npm test`, instead of
// leaving the slow check to discover it weeks later.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MUTANTS } from './mutants.js'

describe('mutants', () => {
  it.each(MUTANTS.map((m) => [m.id, m] as const))('%s: its text occurs exactly once in its file', (_id, m) => {
    const text = readFileSync(new URL(`../../${m.file}`, import.meta.url), 'utf8')
    expect(text.split(m.find).length - 1).toBe(1)
    expect(m.replace).not.toBe(m.find)
  })

  it('ids are unique', () => {
    const ids = MUTANTS.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
