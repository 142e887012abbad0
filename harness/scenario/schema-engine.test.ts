import { describe, expect, it } from 'vitest'
import { PARSE_PARAMS } from './zod-issues.js'
import { bigintsAsStrings, engineSchema, usesModulesByName } from './schema-engine.js'

describe('usesModulesByName', () => {
  it('is true only when an inline engine has a module entry with use', () => {
    expect(usesModulesByName({ modules: [{ path: './a' }, { use: 'probe' }] })).toBe(true)
    expect(usesModulesByName({ modules: [{ path: './a' }] })).toBe(false)
    expect(usesModulesByName('./engine.toml')).toBe(false)
    expect(usesModulesByName({ modules: 'probe' })).toBe(false)
  })
})

describe('bigintsAsStrings', () => {
  it('turns bigints anywhere into decimal strings and keeps everything else', () => {
    expect(bigintsAsStrings({ a: [1, 10n ** 20n], b: { c: 'x', d: null } })).toEqual({
      a: [1, '100000000000000000000'],
      b: { c: 'x', d: null },
    })
  })
})

describe('engineSchema', () => {
  const schema = engineSchema({
    dir: '/scenarios',
    lookup: (name) =>
      name === 'probe'
        ? { ok: true, path: '/modules/fixtures/probe' }
        : { ok: false, expected: 'a known module', found: JSON.stringify(name) },
  })

  it('resolves a file path against the scenario folder', () => {
    expect(schema.parse('../engine.toml', PARSE_PARAMS)).toEqual({ kind: 'file', path: '/engine.toml' })
  })

  it('puts path first in a resolved module entry, keeping the other keys in order', () => {
    const out = schema.parse({ modules: [{ name: 'p', use: 'probe', config: { a: '1' } }] }, PARSE_PARAMS)
    expect(out.kind === 'inline' && Object.keys((out.value.modules as object[])[0]!)).toEqual([
      'path',
      'name',
      'config',
    ])
  })

  it('reports each bad entry at its own key path', () => {
    const result = schema.safeParse({ modules: [{ use: 'nope' }, 'probe', { path: '' }] }, PARSE_PARAMS)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['modules.0.use', 'a known module'],
      ['modules.1', 'a module entry (a map with use or path)'],
      ['modules.2.path', 'a path to a module folder'],
    ])
  })
})
