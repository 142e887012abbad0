import { keccak256, stringToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { APP_DATA_SIZE_LIMIT, AppDataRegistry, appDataProblem } from './app-data-registry.js'

const hashOf = (text: string) => keccak256(stringToHex(text))

describe('AppDataRegistry', () => {
  it('knows the empty document from the start', () => {
    expect(new AppDataRegistry().get(hashOf('{}'))).toBe('{}')
  })

  it('registers a new document once, then reports it as existing', () => {
    const registry = new AppDataRegistry()
    const doc = '{"appCode":"nexum"}'
    expect(registry.register(doc)).toEqual({ kind: 'new', hash: hashOf(doc) })
    expect(registry.register(doc, hashOf(doc))).toEqual({ kind: 'existing', hash: hashOf(doc) })
    expect(registry.get(hashOf(doc).toUpperCase().replace('0X', '0x') as `0x${string}`)).toBe(doc)
  })

  it('refuses a document whose hash is not the expected one, and stores nothing', () => {
    const registry = new AppDataRegistry()
    const expected = hashOf('{"a":1}')
    expect(registry.register('{"a":2}', expected)).toEqual({
      kind: 'hash-mismatch',
      computed: hashOf('{"a":2}'),
      expected,
    })
    expect(registry.get(hashOf('{"a":2}'))).toBeUndefined()
  })

  it('remembers a document under a hash already checked, keeping the first one', () => {
    const registry = new AppDataRegistry()
    registry.remember(hashOf('{"a":1}'), '{"a":1}')
    registry.remember(hashOf('{"a":1}'), 'ignored')
    expect(registry.get(hashOf('{"a":1}'))).toBe('{"a":1}')
  })

  it('refuses documents the server cannot decode', () => {
    const registry = new AppDataRegistry()
    expect(registry.register('0')).toEqual({ kind: 'invalid', reason: 'invalid type: number, expected struct Root' })
    expect(registry.register('[]').kind).toBe('invalid')
    expect(registry.register('{').kind).toBe('invalid')
  })
})

describe('appDataProblem', () => {
  it('accepts objects up to the size limit', () => {
    expect(appDataProblem('{"x":1}')).toBeUndefined()
    const big = `{"x":"${'a'.repeat(APP_DATA_SIZE_LIMIT)}"}`
    expect(appDataProblem(big)).toMatch(/larger than limit 8192/)
  })
})
