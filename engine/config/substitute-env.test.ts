import { describe, expect, it } from 'vitest'
import { substituteEnv } from './substitute-env.js'

const ctx = { file: 'engine.toml' }

describe('substituteEnv', () => {
  it('replaces ${VAR} in string values anywhere, leaving keys and other values alone', () => {
    const input = { chains: { '1': { rpc_url: 'wss://node/${KEY}' } }, list: ['${A}-${B}', 3], n: 5, flag: true }
    const out = substituteEnv(input, { KEY: 'k1', A: 'x', B: '' }, ctx)
    expect(out.errors).toEqual([])
    expect(out.value).toEqual({ chains: { '1': { rpc_url: 'wss://node/k1' } }, list: ['x-', 3], n: 5, flag: true })
    expect([...out.substitutedPaths].sort()).toEqual(['chains.1.rpc_url', 'list[0]'])
  })

  it('does not substitute recursively', () => {
    expect(substituteEnv('${A}', { A: '${B}', B: 'no' }, ctx).value).toBe('${B}')
  })

  it('does not modify the input', () => {
    const input = { a: '${A}' }
    substituteEnv(input, { A: 'x' }, ctx)
    expect(input.a).toBe('${A}')
  })

  it('reports a missing variable with file, key path (with prefix) and name', () => {
    const out = substituteEnv(
      { chains: { '11155111': { rpc_url: 'wss://${ALCHEMY_KEY}' } } },
      {},
      { file: 's.yaml', keyPrefix: 'engine' },
    )
    expect(out.errors.map((e) => e.message)).toEqual([
      's.yaml: engine.chains.11155111.rpc_url: expected environment variable ALCHEMY_KEY to be set, found nothing',
    ])
  })

  it('reports every missing variable', () => {
    const out = substituteEnv({ a: '${X}', b: ['${Y}'] }, {}, ctx)
    expect(out.errors.map((e) => e.keyPath)).toEqual(['a', 'b[0]'])
  })

  it('refuses unclosed references and invalid names', () => {
    expect(substituteEnv({ a: 'x${OPEN' }, { OPEN: '1' }, ctx).errors[0]?.message).toBe(
      'engine.toml: a: expected a closed ${NAME} reference, found "x${OPEN"',
    )
    expect(substituteEnv({ a: '${1X}' }, {}, ctx).errors[0]?.expected).toBe(
      '${NAME} with NAME made of letters, digits and _',
    )
    expect(substituteEnv({ a: '${}' }, {}, ctx).errors).toHaveLength(1)
  })

  it('leaves a lone $ and strings without references untouched', () => {
    const out = substituteEnv({ a: 'price $5', b: '{x}' }, {}, ctx)
    expect(out.value).toEqual({ a: 'price $5', b: '{x}' })
    expect(out.substitutedPaths.size).toBe(0)
  })

  it('keeps a key named __proto__ as a key', () => {
    const input = JSON.parse('{"__proto__": {"a": "${A}"}}') as unknown
    const out = substituteEnv(input, { A: 'x' }, ctx).value as Record<string, unknown>
    expect(Object.keys(out)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(out)).toBeNull()
  })
})
