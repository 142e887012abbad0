import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import { Trace } from './trace.js'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } })).toBe(
      '{"a":{"c":[2,{"y":2,"z":1}]},"b":1}',
    )
  })

  it('renders bigint, Map and bytes stably', () => {
    expect(canonicalJson({ n: 10n ** 30n, m: new Map([[2, 'x']]), b: new Uint8Array([1, 255]) })).toBe(
      '{"b":"0x01ff","m":{"2":"x"},"n":"1000000000000000000000000000000"}',
    )
  })
})

describe('Trace', () => {
  it('hashes the same events to the same hash, and a different order to a different one', () => {
    const a = new Trace()
    const b = new Trace()
    const c = new Trace()
    a.record(1, { type: 'x', v: 1 })
    a.record(2, { type: 'y' })
    b.record(1, { v: 1, type: 'x' })
    b.record(2, { type: 'y' })
    c.record(2, { type: 'y' })
    c.record(1, { type: 'x', v: 1 })
    expect(a.hash()).toBe(b.hash())
    expect(a.hash()).not.toBe(c.hash())
    expect(a.hash()).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('can be hashed mid-run and keep recording', () => {
    const t = new Trace()
    t.record(1, { type: 'x' })
    const first = t.hash()
    t.record(2, { type: 'y' })
    expect(t.hash()).not.toBe(first)
    expect(t.lines()).toHaveLength(2)
  })

  it('hands its reader the parsed line, equal to JSON.parse of it, unless redaction or a placeholder rewrote the text', () => {
    const seen: [string, unknown][] = []
    const t = new Trace([['/home/me/project', '<project>']], false, (line, parsed) => seen.push([line, parsed]))
    t.record(1, { type: 'x', n: 10n, m: new Map([[2, 'y']]), e: new Error('boom'), list: [undefined, 1] })
    t.record(2, { type: 'y', error: 'GET https://user:secret@node.example/v1 failed' })
    t.record(3, { type: 'z', path: '/home/me/project/modules/a' })
    expect(seen[0]![1]).toEqual(JSON.parse(seen[0]![0]))
    expect(seen[1]![0]).not.toContain('secret')
    expect(seen[1]![1]).toBeUndefined()
    expect(seen[2]![0]).toContain('<project>/modules/a')
    expect(seen[2]![1]).toBeUndefined()
  })
})
