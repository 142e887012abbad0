import { describe, expect, it } from 'vitest'
import { ConfigError, ConfigSyntaxError } from './config-error.js'
import { parseTomlDocument } from './parse-toml.js'

const syntaxError = (text: string): ConfigSyntaxError => {
  try {
    parseTomlDocument(text, 'conf/engine.toml')
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return error
    throw error
  }
  throw new Error('expected a syntax error')
}

describe('parseTomlDocument', () => {
  it('parses TOML, keeping safe integers as numbers and huge ones as bigint', () => {
    const doc = parseTomlDocument('a = 1\nb = 123456789012345678901234567890\n[t]\nc = "x"', 'f.toml')
    expect(doc.a).toBe(1)
    expect(doc.b).toBe(123456789012345678901234567890n)
    expect(doc.t).toEqual({ c: 'x' })
  })

  it('turns a syntax error into a ConfigSyntaxError with file, line and column', () => {
    const e = syntaxError('ok = 1\nbroken = \n')
    expect(e).toBeInstanceOf(ConfigError)
    expect(e.line).toBe(2)
    expect(e.column).toBe(10)
    expect(e.message).toBe('conf/engine.toml:2:10: expected valid TOML, found a syntax error (invalid value)')
  })

  it('reports redefinitions as syntax errors', () => {
    const e = syntaxError('a = 1\na = 2')
    expect(e.line).toBe(2)
    expect(e.message).toContain('redefine')
  })

  it('refuses prototype-polluting keys', () => {
    const e = syntaxError('[x]\n__proto__ = 1')
    expect(e.line).toBe(2)
    expect(e.message).toContain('unsafe')
  })
})
