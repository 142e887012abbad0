import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redactUrls } from '../../engine/host/redact-url.js'
import { RecentHostCalls, plainArgs } from './recent-host-calls.js'
import { Trace } from './trace.js'
import { genericLine, traceLine } from './trace-line.js'

// A small pool of members, so that a sequence of calls repeats call sites (the memo's hits) with
// the same or another result, as a module does block after block; some members are not plain.
const modules = fc.constantFrom('price-alert', 'balance-tracker', 'm"q', 'https://x.example/m', '/home/me/project')
const hosts = fc.constantFrom('chain', 'local-store', 'cow-api')
const methods = fc.constantFrom('request', 'get', 'set', 'x\ny')
const arg = fc.oneof(
  fc.constantFrom(
    11155111,
    0,
    -0,
    1.5,
    'eth_call',
    'balance:0xab',
    '["0x70997970c51812dc3a010c7d01b50e0d17dc79c8","latest"]',
  ),
  fc.constantFrom(null, true, false, '', '"\\', 'see https://user:secret@rpc.example/key', '/home/me/project/a,b'),
  fc.constantFrom<unknown>(undefined, Number.NaN, 10n, { a: 1 }, [1]),
)
const result = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '"0xde0b6b3a7640000"', '0x', '"a\\"b"', 'https://h.example/p', 3),
  fc.string({ unit: fc.constantFrom('0', '1', 'a', '"', '\\', '\u0001'), maxLength: 8 }).map((s) => `"0x${s}"`),
)
const call = fc.record(
  {
    type: fc.constant('host-call'),
    module: modules,
    host: hosts,
    method: methods,
    args: fc.array(arg, { maxLength: 3 }),
    ok: fc.boolean(),
    result,
    error: fc.option(fc.record({ kind: fc.constantFrom('timeout', 'x') }), { nil: undefined, freq: 6 }),
  },
  { requiredKeys: ['type', 'module', 'host', 'method', 'args', 'ok'] },
)
const times = fc.oneof(fc.integer({ min: 0, max: 2 ** 53 }), fc.constantFrom(1_750_000_012_000, 0.5, 1e21))

describe('host-call lines from remembered call sites', () => {
  it('are byte for byte the generic writer’s, call after call, and a head is the text before t', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(times, call), { minLength: 1, maxLength: 40 }), (calls) => {
        for (const [t, e] of calls) {
          const fast = traceLine(t, e)
          expect(fast.text).toBe(genericLine(t, e).text)
          expect(JSON.parse(JSON.stringify(fast.tree))).toEqual(JSON.parse(fast.text))
          if (fast.head !== undefined) expect(fast.text).toBe(`${fast.head},"t":${t},"type":"host-call"}`)
        }
      }),
      { numRuns: 400 },
    )
  })

  it('are rewritten by the trace as a line written afresh would be (URLs, placeholders, odd ones too)', () => {
    const placeholders = fc.constantFrom<[string, string][]>(
      [['/home/me/project', '<project>']],
      [
        ['/home/me/project/a,b', '<scenario>'],
        ['/home/me/project', '<project>'],
      ],
      [['"t"', '<t>']],
      [['host-call', '<h>']],
      [[',"t":1', '<t1>']],
      [],
    )
    fc.assert(
      fc.property(placeholders, fc.array(fc.tuple(times, call), { maxLength: 30 }), (rules, calls) => {
        const trace = new Trace(rules)
        const expected: string[] = []
        for (const [t, e] of calls) {
          trace.record(t, e)
          let line = genericLine(t, e).text
          if (line.includes('://')) line = redactUrls(line)
          for (const [text, token] of rules) if (line.includes(text)) line = line.split(text).join(token)
          expected.push(line)
        }
        expect(trace.lines()).toEqual(expected)
        const reference = new Trace(rules)
        for (const [t, e] of calls) reference.record(t, { ...e, extra: undefined, error: e.error })
        expect(trace.hash()).toBe(reference.hash())
      }),
      { numRuns: 300 },
    )
  })

  it('keeps a call site per module, host, method, outcome and plain arguments', () => {
    const recent = new RecentHostCalls()
    expect(plainArgs([1, 'a', null, true])).toBe(true)
    expect(plainArgs([undefined])).toBe(false)
    expect(plainArgs([Number.POSITIVE_INFINITY])).toBe(false)
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
    expect(plainArgs([1, , 2])).toBe(false)
    const site = recent.add('m', 'chain', 'request', true, [1, 'a'], 'stem')
    expect(recent.find('m', 'chain', 'request', true, [1, 'a'])).toBe(site)
    expect(recent.find('m', 'chain', 'request', false, [1, 'a'])).toBeUndefined()
    expect(recent.find('m', 'chain', 'request', true, [1, 'b'])).toBeUndefined()
    expect(recent.find('n', 'chain', 'request', true, [1, 'a'])).toBeUndefined()
    expect(recent.find('m', 'chain', 'request', true, [1])).toBeUndefined()
    // A module with more call sites than are kept forgets its oldest.
    for (let i = 0; i < 40; i++) recent.add('m', 'local-store', 'get', true, [`k${i}`], `s${i}`)
    expect(recent.find('m', 'chain', 'request', true, [1, 'a'])).toBeUndefined()
    expect(recent.find('m', 'local-store', 'get', true, ['k39'])?.stem).toBe('s39')
  })
})
