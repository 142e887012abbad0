import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { flattenConfigTable, renderConfigValue } from './flatten-config.js'

const tomlConfig = (text: string) =>
  parse(`[config]\n${text}`, { integersAsBigInt: 'asNeeded' }).config as Record<string, unknown>

describe('flattenConfigTable', () => {
  it('keeps strings verbatim and writes scalars in their TOML text form, in file order', () => {
    const table = tomlConfig(
      [
        'zeta = "2500.00"',
        'alpha = 42',
        'ratio = 1.5',
        'on = true',
        'big = 123456789012345678901234567890',
        'neg = -7',
        'huge = inf',
        'nope = nan',
      ].join('\n'),
    )
    expect(flattenConfigTable(table)).toEqual([
      ['zeta', '2500.00'],
      ['alpha', '42'],
      ['ratio', '1.5'],
      ['on', 'true'],
      ['big', '123456789012345678901234567890'],
      ['neg', '-7'],
      ['huge', 'inf'],
      ['nope', 'nan'],
    ])
  })

  it('writes dates as TOML dates', () => {
    expect(flattenConfigTable(tomlConfig('day = 1979-05-27\nat = 1979-05-27T07:32:00Z'))).toEqual([
      ['day', '1979-05-27'],
      ['at', '1979-05-27T07:32:00.000Z'],
    ])
  })

  it('renders arrays and tables as inline TOML', () => {
    const table = tomlConfig(
      'list = [1, "a", [2, 3]]\ntable = { k = 1, "odd key" = { x = true } }\ntables = [{ a = 1 }, { a = 2 }]\nempty = []\nnone = {}',
    )
    expect(flattenConfigTable(table)).toEqual([
      ['list', '[ 1, "a", [ 2, 3 ] ]'],
      ['table', '{ k = 1, "odd key" = { x = true } }'],
      ['tables', '[ { a = 1 }, { a = 2 } ]'],
      ['empty', '[]'],
      ['none', '{}'],
    ])
  })

  it('escapes strings inside arrays', () => {
    expect(renderConfigValue(['a"b'])).toBe('[ "a\\"b" ]')
  })

  it('is empty for an empty table', () => {
    expect(flattenConfigTable({})).toEqual([])
  })
})
