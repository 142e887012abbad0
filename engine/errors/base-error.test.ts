import { describe, expect, it } from 'vitest'
import { BaseError, formatError } from './base-error.js'
import { formatProblem, formatProblemList, ProblemError } from './problem.js'

describe('BaseError', () => {
  it('keeps the short message as the message, with meta lines under it', () => {
    const e = new BaseError('could not start', { metaMessages: ['  port 1 in use'] })
    expect(e.shortMessage).toBe('could not start')
    expect(e.message).toBe('could not start\n  port 1 in use')
    expect(e.details).toBeUndefined()
    expect(e).toBeInstanceOf(Error)
  })

  it('takes details and docs path from a BaseError cause, details from any other cause', () => {
    const inner = new BaseError('inner', { details: 'disk full', docsPath: 'docs/recording.md' })
    const outer = new BaseError('outer', { cause: inner })
    expect(outer.details).toBe('disk full')
    expect(outer.docsPath).toBe('docs/recording.md')
    expect(new BaseError('x', { cause: new Error('EACCES') }).details).toBe('EACCES')
    expect(new BaseError('x', { cause: inner, docsPath: 'docs/scenarios.md' }).docsPath).toBe('docs/scenarios.md')
  })

  it('walks the cause chain to the deepest cause, or to the first that matches', () => {
    const root = new Error('root')
    const mid = new BaseError('mid', { cause: root })
    const top = new BaseError('top', { cause: mid })
    expect(top.walk()).toBe(root)
    expect(top.walk((e) => e instanceof BaseError && e.shortMessage === 'mid')).toBe(mid)
    expect(top.walk((e) => e === 'nothing')).toBeNull()
  })

  it('formats the long form: message, details, docs, then each cause', () => {
    const e = new BaseError('store closed', {
      details: 'the engine shut down first',
      docsPath: 'docs/architecture.md',
      cause: new BaseError('lock lost', { cause: new Error('EBUSY') }),
    })
    expect(formatError(e)).toBe(
      [
        'store closed',
        'Details: the engine shut down first',
        'Docs: docs/architecture.md',
        'Caused by: lock lost',
        'Caused by: EBUSY',
      ].join('\n'),
    )
    expect(formatError('a string')).toBe('a string')
  })

  it('survives a cause cycle', () => {
    const a = new BaseError('a')
    const b = new BaseError('b', { cause: a })
    Object.defineProperty(a, 'cause', { value: b })
    expect(formatError(b).split('\n')).toEqual(['b', 'Caused by: a'])
  })
})

describe('problems', () => {
  it('reads file: key path: expected X, found Y, without a key path for the whole file', () => {
    expect(formatProblem({ file: 'a.yaml', keyPath: 'steps[0]', expected: 'a map', found: '3' })).toBe(
      'a.yaml: steps[0]: expected a map, found 3',
    )
    expect(formatProblem({ file: 'a.yaml', keyPath: '', expected: 'a file', found: 'nothing' })).toBe(
      'a.yaml: expected a file, found nothing',
    )
  })

  it('keeps the fields on the error and lists several one per line', () => {
    const a = new ProblemError({ file: 'f', keyPath: 'a', expected: 'x', found: 'y' })
    const b = new ProblemError({ file: 'f', keyPath: 'b', expected: 'x', found: 'z' })
    expect(a).toMatchObject({ file: 'f', keyPath: 'a', expected: 'x', found: 'y' })
    expect(a).toBeInstanceOf(BaseError)
    expect(formatProblemList([a, b])).toBe('f: a: expected x, found y\nf: b: expected x, found z')
  })
})
