import { describe, expect, it } from 'vitest'
import { narrowSafeIntegers, parseYaml } from './parse-yaml.js'
import { ScenarioError, scenarioErrorsOf } from './scenario-error.js'

function caught(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  return undefined
}

describe('parseYaml', () => {
  it('keeps every digit of big unquoted integers, and small ones as numbers', () => {
    expect(parseYaml('a: 1000000000000000000\nb: 174553978080\nc: 1.5\n', 'f.yaml')).toEqual({
      a: 1000000000000000000n,
      b: 174553978080,
      c: 1.5,
    })
  })

  it('reads 0x… and 0o… scalars as strings, so unquoted addresses keep their digits', () => {
    expect(parseYaml('a: 0x694AA1769357215DE4FAC081bf1f309aDC325306\nb: 0o17\n0xAb: 1\n', 'f.yaml')).toEqual({
      a: '0x694AA1769357215DE4FAC081bf1f309aDC325306',
      b: '0o17',
      '0xAb': 1,
    })
  })

  it('gives numeric map keys as strings', () => {
    expect(parseYaml('{ 11155111: {}, 1: {} }', 'f.yaml')).toEqual({ '1': {}, '11155111': {} })
  })

  it('turns a syntax error into a ScenarioError with line and column', () => {
    const e = caught(() => parseYaml('version: 1\nsteps: [1,\nname: x\n', 'bad.yaml'))
    expect(e).toBeInstanceOf(ScenarioError)
    const err = e as ScenarioError
    expect(err.file).toBe('bad.yaml')
    expect(err.keyPath).toMatch(/^line \d+, column \d+$/)
    expect(err.message).toMatch(/^bad\.yaml: line \d+, column \d+: expected valid YAML, found .+/)
  })

  it('refuses duplicate keys, naming where', () => {
    const e = caught(() => parseYaml('name: a\nname: b\n', 'dup.yaml'))
    expect(scenarioErrorsOf(e).map((x) => x.message)).toEqual([
      'dup.yaml: line 2, column 1: expected valid YAML, found Map keys must be unique (DUPLICATE_KEY)',
    ])
  })

  it('refuses several documents in one file', () => {
    expect(scenarioErrorsOf(caught(() => parseYaml('a: 1\n---\nb: 2\n', 'two.yaml'))).length).toBeGreaterThan(0)
  })

  it('treats a __proto__ key as data', () => {
    const v = parseYaml('__proto__: { polluted: true }\n', 'p.yaml') as Record<string, unknown>
    expect(Object.keys(v)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('narrowSafeIntegers', () => {
  it('narrows only bigints that fit a number exactly', () => {
    expect(narrowSafeIntegers([1n, 2n ** 53n, { x: -3n }])).toEqual([1, 2n ** 53n, { x: -3 }])
  })
})
