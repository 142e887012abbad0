import { BaseError } from '../errors/base-error.js'
import { formatProblem } from '../errors/problem.js'
import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  ConfigErrors,
  ConfigSyntaxError,
  MissingConfigFileError,
  combineConfigErrors,
  throwConfigErrors,
} from './config-error.js'

const problem = (keyPath: string, found = '"x"') =>
  new ConfigError({ file: 'engine.toml', keyPath, expected: 'a string', found })

describe('ConfigError', () => {
  it('names file, key path, expectation and finding in its message and fields', () => {
    const e = new ConfigError({
      file: 'engine.toml',
      keyPath: 'chains.11155111.rpc_url',
      expected: 'a URL',
      found: '42',
    })
    expect(e.message).toBe('engine.toml: chains.11155111.rpc_url: expected a URL, found 42')
    expect(e).toMatchObject({ file: 'engine.toml', keyPath: 'chains.11155111.rpc_url', expected: 'a URL', found: '42' })
    expect(e.name).toBe('ConfigError')
  })

  it('is a BaseError pointing at the configuration docs, with its cause chained', () => {
    const cause = new Error('bad toml')
    const e = new ConfigError({ file: 'engine.toml', keyPath: 'a', expected: 'x', found: 'y', cause })
    expect(e).toBeInstanceOf(BaseError)
    expect(e.shortMessage).toBe('engine.toml: a: expected x, found y')
    expect(e.docsPath).toBe('docs/design.md#2-configuration')
    expect(e.cause).toBe(cause)
    expect(e.walk()).toBe(cause)
  })

  it('omits the key path segment for whole-file problems', () => {
    expect(
      formatProblem({ file: '/x/engine.toml', keyPath: '', expected: 'an engine.toml file', found: 'nothing' }),
    ).toBe('/x/engine.toml: expected an engine.toml file, found nothing')
  })

  it('keeps the cause', () => {
    const cause = new Error('root')
    expect(new ConfigError({ file: 'f', keyPath: 'k', expected: 'e', found: 'f', cause }).cause).toBe(cause)
  })
})

describe('error taxonomy', () => {
  it('MissingConfigFileError is a ConfigError', () => {
    const e = new MissingConfigFileError({
      file: 'm/module.toml',
      keyPath: '',
      expected: 'a module.toml manifest',
      found: 'nothing',
    })
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.name).toBe('MissingConfigFileError')
    expect(e.message).toBe('m/module.toml: expected a module.toml manifest, found nothing')
  })

  it('ConfigSyntaxError puts file:line:column first', () => {
    const e = new ConfigSyntaxError({
      file: 'engine.toml',
      line: 3,
      column: 7,
      expected: 'valid TOML',
      found: 'a syntax error (invalid value)',
    })
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.message).toBe('engine.toml:3:7: expected valid TOML, found a syntax error (invalid value)')
    expect(e).toMatchObject({ line: 3, column: 7, keyPath: '', file: 'engine.toml' })
  })
})

describe('ConfigErrors', () => {
  it('reports every problem, one line each, and is itself a ConfigError', () => {
    const e = new ConfigErrors([problem('a'), problem('b', 'nothing')])
    expect(e.message).toBe(
      'engine.toml: a: expected a string, found "x"\nengine.toml: b: expected a string, found nothing',
    )
    expect(e.errors.map((x) => x.keyPath)).toEqual(['a', 'b'])
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.keyPath).toBe('a')
  })

  it('flattens nested aggregates', () => {
    const e = new ConfigErrors([new ConfigErrors([problem('a'), problem('b')]), problem('c')])
    expect(e.errors.map((x) => x.keyPath)).toEqual(['a', 'b', 'c'])
    expect(e.message.split('\n')).toHaveLength(3)
  })

  it('refuses to be empty', () => {
    expect(() => new ConfigErrors([])).toThrow(RangeError)
  })

  it('combineConfigErrors returns a single error as itself and several as an aggregate', () => {
    const one = problem('a')
    expect(combineConfigErrors([one])).toBe(one)
    expect(combineConfigErrors([one, problem('b')])).toBeInstanceOf(ConfigErrors)
  })

  it('throwConfigErrors throws only when there is something to report', () => {
    expect(() => throwConfigErrors([])).not.toThrow()
    expect(() => throwConfigErrors([problem('a')])).toThrow('engine.toml: a: expected a string')
  })
})
