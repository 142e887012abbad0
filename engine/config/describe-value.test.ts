import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { describeValue } from './describe-value.js'

describe('describeValue', () => {
  it('says nothing for a missing value', () => {
    expect(describeValue(undefined)).toBe('nothing')
  })

  it('renders scalars JSON-style, bigints and TOML specials as written', () => {
    expect(describeValue('abc')).toBe('"abc"')
    expect(describeValue(42)).toBe('42')
    expect(describeValue(true)).toBe('true')
    expect(describeValue(null)).toBe('null')
    expect(describeValue(123456789012345678901234567890n)).toBe('123456789012345678901234567890')
    expect(describeValue(Infinity)).toBe('inf')
    expect(describeValue(-Infinity)).toBe('-inf')
    expect(describeValue(NaN)).toBe('nan')
  })

  it('renders arrays and tables (including null-prototype TOML tables)', () => {
    const table = Object.assign(Object.create(null) as object, { a: 1, b: [true, 'x'] })
    expect(describeValue(table)).toBe('{"a": 1, "b": [true, "x"]}')
    expect(describeValue([1n, 2])).toBe('[1, 2]')
  })

  it('renders dates as ISO text', () => {
    expect(describeValue(parse('d = 1979-05-27T00:00:00Z').d)).toBe('1979-05-27T00:00:00.000Z')
  })

  it('cuts long values to 60 characters with an ellipsis', () => {
    const text = describeValue('x'.repeat(200))
    expect(text).toHaveLength(60)
    expect(text.startsWith('"xxx')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
  })
})
