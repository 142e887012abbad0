import { describe, expect, it } from 'vitest'
import { ParseCache } from './parse-cache.js'

describe('ParseCache', () => {
  it('parses a file once per exact text, again when its text changes', () => {
    const cache = new ParseCache<{ n: number }>()
    let parses = 0
    const parse = (text: string) => () => {
      parses++
      return { n: text.length }
    }
    const first = cache.get('/a.toml', 'x = 1', parse('x = 1'))
    expect(cache.get('/a.toml', 'x = 1', parse('x = 1'))).toBe(first)
    expect(parses).toBe(1)
    expect(cache.get('/a.toml', 'x = 10', parse('x = 10'))).toEqual({ n: 6 })
    expect(parses).toBe(2)
    // The same text under another path is another file.
    cache.get('/b.toml', 'x = 10', parse('x = 10'))
    expect(parses).toBe(3)
  })

  it('never keeps a failed parse: the error is raised every time', () => {
    const cache = new ParseCache<number>()
    let parses = 0
    const bad = () => {
      parses++
      throw new Error('bad toml')
    }
    expect(() => cache.get('/a.toml', '=', bad)).toThrow('bad toml')
    expect(() => cache.get('/a.toml', '=', bad)).toThrow('bad toml')
    expect(parses).toBe(2)
  })

  it('holds at most its limit of files, dropping the oldest', () => {
    const cache = new ParseCache<string>(2)
    let parses = 0
    const parse = (v: string) => () => {
      parses++
      return v
    }
    cache.get('/a', 'a', parse('a'))
    cache.get('/b', 'b', parse('b'))
    cache.get('/c', 'c', parse('c'))
    cache.get('/b', 'b', parse('b'))
    expect(parses).toBe(3)
    cache.get('/a', 'a', parse('a'))
    expect(parses).toBe(4)
  })
})
