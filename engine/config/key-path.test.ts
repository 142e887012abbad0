import { describe, expect, it } from 'vitest'
import { formatKeyPath, valueAtPath } from './key-path.js'

describe('formatKeyPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatKeyPath(['chains', '11155111', 'rpc_url'])).toBe('chains.11155111.rpc_url')
    expect(formatKeyPath(['modules', 1, 'subscriptions', 0, 'kind'])).toBe('modules[1].subscriptions[0].kind')
  })

  it('prepends a prefix', () => {
    expect(formatKeyPath(['modules', 0], 'engine')).toBe('engine.modules[0]')
    expect(formatKeyPath([], 'engine')).toBe('engine')
  })

  it('quotes keys that are not bare TOML keys', () => {
    expect(formatKeyPath(['config', 'a.b', 'c d'])).toBe('config."a.b"."c d"')
  })
})

describe('valueAtPath', () => {
  const root = { a: [{ b: 1 }], n: null }
  it('follows keys and indexes', () => {
    expect(valueAtPath(root, ['a', 0, 'b'])).toBe(1)
    expect(valueAtPath(root, [])).toBe(root)
  })
  it('is undefined for a missing step or a non-object on the way', () => {
    expect(valueAtPath(root, ['a', 1, 'b'])).toBeUndefined()
    expect(valueAtPath(root, ['n', 'x'])).toBeUndefined()
    expect(valueAtPath(root, ['a', 0, 'b', 'c'])).toBeUndefined()
    expect(valueAtPath(root, ['toString'])).toBeUndefined()
  })
})
