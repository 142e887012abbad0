import { describe, expect, it } from 'vitest'
import {
  formatKeyPath,
  renderFound,
  ScenarioError,
  ScenarioErrors,
  scenarioErrorsOf,
  throwIfAny,
} from './scenario-error.js'

function caught(fn: () => void): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  return undefined
}

describe('ScenarioError', () => {
  it('names the file, the key path, what was expected and what was found', () => {
    const e = new ScenarioError('s.yaml', 'steps[3].block.number', 'a whole number >= 0', '"x"')
    expect(e.message).toBe('s.yaml: steps[3].block.number: expected a whole number >= 0, found "x"')
    expect([e.file, e.keyPath, e.expected, e.found]).toEqual([
      's.yaml',
      'steps[3].block.number',
      'a whole number >= 0',
      '"x"',
    ])
    expect(e).toBeInstanceOf(Error)
  })
  it('leaves the key path out for a problem with the file itself', () => {
    expect(new ScenarioError('s.yaml', '', 'a scenario', 'null').message).toBe(
      's.yaml: expected a scenario, found null',
    )
  })
})

describe('ScenarioErrors', () => {
  it('is one line per problem', () => {
    const errors = [new ScenarioError('f', 'a', 'x', 'y'), new ScenarioError('f', 'b', 'x', 'z')]
    expect(new ScenarioErrors(errors).message).toBe('f: a: expected x, found y\nf: b: expected x, found z')
  })
})

describe('throwIfAny / scenarioErrorsOf', () => {
  it('throws nothing, the single error, or the aggregate', () => {
    const a = new ScenarioError('f', 'a', 'x', 'y')
    const b = new ScenarioError('f', 'b', 'x', 'y')
    expect(() => throwIfAny([])).not.toThrow()
    expect(() => throwIfAny([a])).toThrow(a)
    const thrown = caught(() => throwIfAny([a, b]))
    expect(thrown).toBeInstanceOf(ScenarioErrors)
    expect(scenarioErrorsOf(thrown)).toEqual([a, b])
    expect(scenarioErrorsOf(a)).toEqual([a])
    expect(scenarioErrorsOf(new Error('x'))).toEqual([])
  })
})

describe('renderFound', () => {
  it('renders missing values as nothing and scalars plainly', () => {
    expect(renderFound(undefined)).toBe('nothing')
    expect(renderFound(null)).toBe('null')
    expect(renderFound(12)).toBe('12')
    expect(renderFound(10n ** 30n)).toBe('1000000000000000000000000000000')
    expect(renderFound('abc')).toBe('"abc"')
    expect(renderFound({ a: 1 })).toBe('{"a":1}')
  })
  it('shortens long values', () => {
    expect(renderFound('x'.repeat(200)).length).toBeLessThanOrEqual(61)
    expect(renderFound(Array.from({ length: 50 }, (_, i) => i))).toBe('a list of 50 items')
    expect(renderFound(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i])))).toMatch(
      /^a map with keys key0, key1/,
    )
  })
})

describe('formatKeyPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatKeyPath(['steps', 3, 'block', 'number'])).toBe('steps[3].block.number')
    expect(formatKeyPath(['chain', '11155111', 'contracts', '0xab', 'answer'])).toBe(
      'chain.11155111.contracts.0xab.answer',
    )
    expect(formatKeyPath([])).toBe('')
  })
})
