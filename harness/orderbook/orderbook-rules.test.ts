import { describe, expect, it } from 'vitest'
import type { OrderbookRule } from '../scenario/types.js'
import { RuleBook, compilePathPattern } from './orderbook-rules.js'

const rule = (path: string, extra: Partial<OrderbookRule> = {}): OrderbookRule => ({
  match: { ...extra.match, path },
  respond: { status: 200, ...extra.respond },
  times: extra.times,
})

describe('compilePathPattern', () => {
  it('matches the whole path; * stays within one segment', () => {
    const pattern = compilePathPattern('/api/v1/orders/*')
    expect(pattern.test('/api/v1/orders/0xabc')).toBe(true)
    expect(pattern.test('/api/v1/orders/')).toBe(true)
    expect(pattern.test('/api/v1/orders/0xabc/status')).toBe(false)
    expect(pattern.test('/api/v1/orders')).toBe(false)
    expect(pattern.test('/x/api/v1/orders/1')).toBe(false)
  })

  it('matches * inside a segment and escapes regex characters', () => {
    expect(compilePathPattern('/api/v*/orders').test('/api/v2/orders')).toBe(true)
    expect(compilePathPattern('/api/v1.orders').test('/api/v1xorders')).toBe(false)
    expect(compilePathPattern('api/v1/version').test('/api/v1/version')).toBe(true)
  })
})

describe('RuleBook', () => {
  it('gives the first matching rule, filtered by method case-insensitively', () => {
    const book = new RuleBook([
      rule('/api/v1/orders', { match: { method: 'get', path: '' } }),
      rule('/api/v1/orders'),
      rule('/api/v1/*'),
    ])
    expect(book.take('POST', '/api/v1/orders')?.index).toBe(1)
    expect(book.take('GET', '/api/v1/orders')?.index).toBe(0)
    expect(book.take('GET', '/api/v1/version')?.index).toBe(2)
    expect(book.take('GET', '/api/v2/trades')).toBeUndefined()
  })

  it('uses a rule with times that often, then skips it', () => {
    const book = new RuleBook([rule('/api/v1/orders', { times: 2 }), rule('/api/v1/orders')])
    expect([1, 2, 3, 4].map(() => book.take('POST', '/api/v1/orders')?.index)).toEqual([0, 0, 1, 1])
  })

  it('never consumes a rule that did not match', () => {
    const book = new RuleBook([rule('/api/v1/orders', { times: 1, match: { method: 'POST', path: '' } })])
    expect(book.take('GET', '/api/v1/orders')).toBeUndefined()
    expect(book.take('POST', '/api/v1/orders')?.index).toBe(0)
    expect(book.take('POST', '/api/v1/orders')).toBeUndefined()
  })
})
