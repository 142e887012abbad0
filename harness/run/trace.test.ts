import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decisionLine } from './decision-trace.js'
import { Trace } from './trace.js'

/** The reference: SHA-256 of the joined text, each line followed by a newline. */
const sha = (lines: readonly string[]) =>
  `sha256:${createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex')}`

// A day's kinds of lines, from few values so call sites, heads and tails repeat (their bytes are
// then kept, decision 0250), with non-ASCII, astral and lone-surrogate text, URLs and paths.
const name = fc.constantFrom('price-alert', 'stop-loss', 'm', 'é-module', '😀')
const text = fc.constantFrom('"0x1"', '"0x2"', 'null', '"é"', '"\ud800"', 'x/y', 'https://u:p@h.example/k', '')
const events: fc.Arbitrary<[number, Record<string, unknown>]> = fc.tuple(
  fc.constantFrom(1_750_000_000_000, 1_750_000_012_000, 1_750_000_024_000),
  fc.oneof(
    fc.record({
      type: fc.constant('host-call'),
      module: name,
      host: fc.constantFrom('chain', 'local-store'),
      method: fc.constantFrom('request', 'get'),
      args: fc.array(fc.oneof(fc.constantFrom(11155111, 'k', 'eth_call'), text), { maxLength: 3 }),
      ok: fc.boolean(),
      result: fc.option(text, { nil: undefined }),
    }),
    fc.record({
      type: fc.constant('dispatch'),
      module: name,
      event: fc.constantFrom('block', 'logs'),
      chainId: fc.constantFrom(11155111, 1),
      number: fc.constantFrom(7_000_000, 7_000_001, -0, 1.5),
      outcome: fc.constantFrom('ok', 'error', 'Not plain'),
    }),
    fc.record({
      type: fc.constant('log'),
      level: fc.constantFrom('info', 'warn'),
      target: fc.constantFrom('module', 'engine', 'a/b'),
      module: name,
      message: fc.oneof(text, fc.constantFrom('TRIGGERED answer=1', 'é😀')),
    }),
    fc.record({
      type: fc.constant('block'),
      chainId: fc.constant(11155111),
      number: fc.constantFrom(7_000_000, 7_000_001),
      hash: fc.constant('0xab'),
      timestamp: fc.constant(1_750_000_000),
    }),
    fc.record({ type: fc.constant('decision'), module: name, decision: fc.constantFrom('submit', 'skip') }),
  ),
)

describe('Trace', () => {
  it('hashes its lines and its decision lines as SHA-256 of their joined text, whichever way the digest was fed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<[string, string][]>([], [['/home/me/project', '<project>']], [['x/y', '<x>']]),
        fc.array(events, { maxLength: 60 }),
        (placeholders, run) => {
          const trace = new Trace(placeholders)
          for (const [t, e] of run) trace.record(t, e)
          expect(trace.lines()).toHaveLength(run.length)
          expect(trace.hash()).toBe(sha(trace.lines()))
          const decisions = run.map(([, e]) => decisionLine(e)).filter((l) => l !== undefined)
          expect(trace.decisionLines()).toEqual(decisions)
          expect(trace.decisionHash()).toBe(sha(decisions))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('keeps no lines when asked and hashes the same', () => {
    const kept = new Trace()
    const unkept = new Trace([], false)
    for (let i = 0; i < 3_000; i++) {
      const e = {
        type: 'dispatch',
        module: 'm',
        event: 'block',
        chainId: 1,
        number: 7_000_000 + (i >> 2),
        outcome: 'ok',
      }
      kept.record(1_750_000_000_000 + (i >> 2) * 12_000, e)
      unkept.record(1_750_000_000_000 + (i >> 2) * 12_000, e)
    }
    expect(unkept.lines()).toHaveLength(0)
    expect(unkept.hash()).toBe(kept.hash())
    expect(unkept.hash()).toBe(sha(kept.lines()))
    expect(unkept.decisionHash()).toBe(sha(kept.decisionLines()))
  })
})
