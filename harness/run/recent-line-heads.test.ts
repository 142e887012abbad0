import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redactUrls } from '../../engine/host/redact-url.js'
import { PLAIN_NAME, RecentDispatchHeads, RecentLogHeads } from './recent-line-heads.js'
import { Trace } from './trace.js'
import { genericLine, traceLine } from './trace-line.js'

// Small pools, so a sequence repeats a module's heads; odd members (not plain, not finite, a URL,
// a path, an error, fields) take the written-afresh path or change the head.
const modules = fc.constantFrom('price-alert', 'stop-loss', 'm"q', 'https://x.example/m', '/home/me/project')
const names = fc.constantFrom('ok', 'host-error', 'trap', 'module', 'engine', 'Trap', 'a/b', 'x,y', '', 'é')
const finite = fc.constantFrom(11155111, 1, 0, -0, 7_000_001, 0.5, -3, 1e21)
const number = fc.oneof(finite, fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, '7', undefined))
const dispatch = fc.record(
  {
    type: fc.constant('dispatch'),
    module: modules,
    event: fc.constantFrom('block', 'logs', 'x"y'),
    chainId: number,
    number,
    outcome: names,
    error: fc.option(fc.constantFrom<unknown>('boom', { kind: 'timeout' }), { nil: undefined, freq: 5 }),
  },
  { requiredKeys: ['type', 'module', 'event', 'chainId', 'number', 'outcome'] },
)
const log = fc.record(
  {
    type: fc.constant('log'),
    level: fc.constantFrom('info', 'warn', 'error', 'x"'),
    target: names,
    module: fc.option(modules, { nil: undefined, freq: 6 }),
    message: fc.constantFrom(
      'stop-loss: 0xab already submitted, idle',
      'price-alert: TRIGGERED answer=1 threshold=2 (Below)',
      'see https://user:secret@rpc.example/key',
      'a "quoted"\nline',
      '/home/me/project/a,b',
      '',
    ),
    fields: fc.option(fc.constantFrom<unknown>({ b: 1, a: true }, 'x'), { nil: undefined, freq: 5 }),
  },
  { requiredKeys: ['type', 'level', 'target', 'message'] },
)
const times = fc.oneof(fc.integer({ min: 0, max: 2 ** 53 }), fc.constantFrom(1_750_000_012_000, 0.5, 1e21))
const lines = fc.array(fc.tuple(times, fc.oneof(dispatch, log)), { minLength: 1, maxLength: 40 })

describe('dispatch and log lines from remembered heads', () => {
  it('are byte for byte the generic writer’s, line after line, and a head leaves a tail without a slash', () => {
    fc.assert(
      fc.property(lines, (events) => {
        for (const [t, e] of events) {
          const fast = traceLine(t, e as Record<string, unknown>)
          expect(fast.text).toBe(genericLine(t, e as Record<string, unknown>).text)
          expect(JSON.parse(JSON.stringify(fast.tree))).toEqual(JSON.parse(fast.text))
          if (fast.head !== undefined) {
            expect(fast.text.startsWith(fast.head)).toBe(true)
            const tail = fast.text.slice(fast.head.length)
            expect(tail.startsWith(',')).toBe(true)
            expect(tail).not.toContain('/')
          }
        }
      }),
      { numRuns: 400 },
    )
  })

  it('are rewritten by the trace as a line written afresh would be (URLs, placeholders, odd ones too)', () => {
    const placeholders = fc.constantFrom<[string, string][]>(
      [['/home/me/project', '<project>']],
      [['/home/me/project/a,b', '<scenario>']],
      [['"t"', '<t>']],
      [['dispatch', '<d>']],
      [[',"number":7', '<n>']],
      [],
    )
    fc.assert(
      fc.property(placeholders, lines, (rules, events) => {
        const trace = new Trace(rules)
        const reference = new Trace(rules)
        const expected: string[] = []
        for (const [t, e] of events) {
          trace.record(t, e as Record<string, unknown>)
          // An unknown member sends the reference down the generic path.
          reference.record(t, { ...(e as Record<string, unknown>), zz: undefined })
          let line = genericLine(t, e as Record<string, unknown>).text
          if (line.includes('://')) line = redactUrls(line)
          for (const [text, token] of rules) if (line.includes(text)) line = line.split(text).join(token)
          expected.push(line)
        }
        expect(trace.lines()).toEqual(expected)
        expect(trace.hash()).toBe(reference.hash())
        expect(trace.decisionHash()).toBe(reference.decisionHash())
      }),
      { numRuns: 300 },
    )
  })

  it('keeps heads per module and key, a bounded number of them', () => {
    const logs = new RecentLogHeads()
    const kept = logs.add('m', 'info', 'hello', 'h')
    expect(logs.find('m', 'info', 'hello')).toBe(kept)
    expect(logs.find('m', 'warn', 'hello')).toBeUndefined()
    expect(logs.find('n', 'info', 'hello')).toBeUndefined()
    for (let i = 0; i < 8; i++) logs.add('m', 'info', `line ${i}`, `h${i}`)
    expect(logs.find('m', 'info', 'hello')).toBeUndefined()
    expect(logs.find('m', 'info', 'line 7')?.head).toBe('h7')
    const dispatches = new RecentDispatchHeads()
    const d = dispatches.add('m', 1, 'block', 'd')
    expect(dispatches.find('m', 1, 'block')).toBe(d)
    expect(dispatches.find('m', 2, 'block')).toBeUndefined()
    expect(dispatches.find('m', 1, 'logs')).toBeUndefined()
    expect(PLAIN_NAME.test('host-error')).toBe(true)
    expect(PLAIN_NAME.test('a/b')).toBe(false)
    expect(PLAIN_NAME.test('x,y')).toBe(false)
  })
})
