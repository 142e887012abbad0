import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import { decisionLine, decisionRecord } from './decision-trace.js'
import { genericLine, type TraceLine, traceLine } from './trace-line.js'

// Strings a writer could get wrong: quotes, backslashes, control characters, lone and paired
// surrogates, U+2028, DEL, non-ASCII, URLs.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00x', '😀', 'é'),
  fc.constantFrom('https://user:secret@rpc.example/key', '0xde0b6b3a7640000', '"0x1"'),
)
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER),
)
const leaf = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt())
// Nested values as the engine puts them in events (a decision, a host error, a Map, bytes).
const nested = fc.oneof(
  fc.dictionary(text, leaf),
  fc.array(leaf),
  fc.uint8Array({ maxLength: 4 }),
  fc.constant(new Map<unknown, unknown>([[2, 'x']])),
  fc.constant(new Error('boom')),
)
const value = fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: nested })
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })

/** An event of `type` with the members the writer knows, each sometimes absent or of an odd type. */
const event = (type: string, members: string[]) =>
  fc
    .record(
      Object.fromEntries(members.map((m) => [m, maybe(m === 'args' ? fc.oneof(fc.array(value), value) : value)])),
      { requiredKeys: [] },
    )
    .chain((fields) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({ type, ...fields }) },
        // A key the writer does not know, or `t` itself: the generic path must take it.
        { weight: 1, arbitrary: fc.record({ key: fc.constantFrom('t', 'extra', 'a', 'zz', '__x'), v: value }) },
      ),
    )
    .chain((x) =>
      'key' in x && 'v' in x
        ? fc.constant({ type, ...Object.fromEntries(members.map((m) => [m, 'm'])), [x.key as string]: x.v })
        : fc.constant(x as Record<string, unknown>),
    )

const events = fc.oneof(
  event('host-call', ['module', 'host', 'method', 'args', 'ok', 'result', 'error']),
  event('dispatch', ['module', 'event', 'chainId', 'number', 'outcome', 'error']),
  event('log', ['level', 'target', 'module', 'message', 'fields']),
  event('block', ['chainId', 'number', 'hash', 'timestamp']),
  event('decision', ['module', 'decision']),
  // The kinds of scalars only (the flat writer), with the members the engine and player give them.
  event('step', ['at', 'step']),
  event('stream-open', ['chainId', 'stream', 'module', 'filter']),
  event('exit', ['reason', 'code', 'error']),
  event('orderbook', ['chainId', 'method', 'path', 'status', 'errorType', 'uid', 'env']),
  fc.dictionary(text, leaf).map((members) => ({ type: 'any', ...members })),
)

// Host calls as module-host.ts emits them: JSON text in the params and results (quoted hex, objects
// of strings with escapes, any JSON value), store keys and hex values, host errors, batches.
const hex = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength }).map((h) => `0x${h}`)
const jsonText = fc.oneof(
  hex(600).map((h) => JSON.stringify(h)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  text.map((v) => JSON.stringify(v)),
  fc.array(fc.oneof(text, hex(80)), { maxLength: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('null', '"', '""', '"a"b"', '"\\"', '"\u0000"', '"x\n"', '"😀"', '"\ud800"', '["latest"]'),
  text,
)
const hostError = fc.record(
  {
    domain: fc.constantFrom('chain', 'cow-api', 'local-store', 'host'),
    kind: fc.constantFrom('transient', 'permanent', 'timeout'),
    code: fc.integer(),
    message: text,
    data: fc.option(fc.oneof(jsonText, text), { nil: undefined }),
  },
  { requiredKeys: ['domain', 'kind', 'code', 'message', 'data'] },
)
const outcome = (result: fc.Arbitrary<unknown>) =>
  fc.oneof(
    result.map((r) => ({ ok: true, ...(r === undefined ? {} : { result: r }) })),
    hostError.map((error) => ({ ok: false, error })),
  )
const chainId = fc.oneof(fc.constant(11155111), fc.integer())
const hostCalls = fc
  .oneof(
    fc.tuple(
      fc.constant(['chain', 'request']),
      fc.tuple(chainId, fc.constantFrom('eth_call', 'eth_getBalance', 'eth_getLogs', 'x"y'), jsonText),
      outcome(jsonText),
    ),
    fc.tuple(
      fc.constant(['chain', 'requestBatch']),
      fc.tuple(chainId, fc.array(fc.record({ method: text, params: jsonText }), { maxLength: 3 })),
      outcome(
        fc.array(
          fc.oneof(
            jsonText.map((result) => ({ ok: true, result })),
            hostError.map((error) => ({ ok: false, error })),
          ),
          { maxLength: 3 },
        ),
      ),
    ),
    fc.tuple(fc.constant(['local-store', 'get']), fc.tuple(text), outcome(fc.oneof(fc.constant(null), hex(64)))),
    fc.tuple(fc.constant(['local-store', 'set']), fc.tuple(text, hex(200)), outcome(fc.constant(undefined))),
    fc.tuple(fc.constant(['local-store', 'delete']), fc.tuple(text), outcome(fc.constant(undefined))),
    fc.tuple(fc.constant(['local-store', 'listKeys']), fc.tuple(text), outcome(fc.array(text, { maxLength: 3 }))),
    fc.tuple(
      fc.constant(['cow-api', 'submitOrder']),
      fc.tuple(chainId, jsonText),
      outcome(fc.oneof(hex(112), jsonText)),
    ),
    fc.tuple(
      fc.constant(['cow-api', 'request']),
      fc.oneof(fc.tuple(chainId, text, text), fc.tuple(chainId, text, text, jsonText)),
      outcome(jsonText),
    ),
    fc.tuple(
      fc.constant(['decisions', 'report']),
      fc.tuple(fc.record({ decision: text, uid: hex(112), status: fc.integer() }, { requiredKeys: [] })),
      outcome(fc.constant(undefined)),
    ),
  )
  .chain(([[host, method], args, result]) =>
    fc.constant({ type: 'host-call', module: 'm', host, method, args: [...args], ...result } as Record<
      string,
      unknown
    >),
  )

/**
 * The line's bytes as the writer hands them to the digest (decision 0250), when it does: its
 * head's (kept or encoded) and its tail's, read at once (a tail's bytes are written over by the
 * next line of its kind).
 */
function handedBytes(line: TraceLine): Buffer | undefined {
  if (line.tail === undefined) return undefined
  return Buffer.concat([line.headBytes ?? Buffer.from(line.head ?? '', 'utf8'), line.tail.bytes])
}

/** A line with bytes is its head and tail, and the bytes are its text's UTF-8; a dispatch's decision line too. */
function expectBytesOfText(line: TraceLine, e: Record<string, unknown>): void {
  const bytes = handedBytes(line)
  if (bytes !== undefined) {
    expect(line.head).toBeDefined()
    expect(`${line.head}${line.tail?.text}`).toBe(line.text)
    expect(bytes.equals(Buffer.from(line.text, 'utf8'))).toBe(true)
  }
  if (line.decisionTail !== undefined) {
    const decision = `${line.head}${line.decisionTail.text}`
    expect(decision).toBe(decisionLine(e))
    const decisionBytes = Buffer.concat([line.headBytes ?? Buffer.from(line.head ?? ''), line.decisionTail.bytes])
    expect(decisionBytes.equals(Buffer.from(decision, 'utf8'))).toBe(true)
  }
}

describe('traceLine', () => {
  it('writes every host call the engine emits byte for byte as the generic writer does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0 }), number), hostCalls, (t, e) => {
        const fast = traceLine(t, e)
        expectBytesOfText(fast, e)
        expect(fast.text).toBe(genericLine(t, e).text)
        expect(JSON.parse(JSON.stringify(fast.tree))).toEqual(JSON.parse(fast.text))
        // Written again (the escaped params come from the cache then): the same bytes.
        expect(traceLine(t, e).text).toBe(fast.text)
      }),
      { numRuns: 4000 },
    )
  })

  it('writes byte for byte what the generic canonical writer writes, and hands back its parse', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0 }), number), events, (t, e) => {
        const fast = traceLine(t, e)
        expectBytesOfText(fast, e)
        const reference = genericLine(t, e)
        expect(fast.text).toBe(reference.text)
        expect(JSON.parse(JSON.stringify(fast.tree))).toEqual(JSON.parse(fast.text))
      }),
      { numRuns: 6000 },
    )
  })

  it('writes whole numbers without String, with the same bytes at every edge (decision 0246)', () => {
    // The dispatch, log and host-call lines write `t` and numbers with toFixed(0) so a long run
    // does not fill V8's number-to-string cache, whose strings are allocated in the old generation.
    const edges = [0, -0, 1, 7_000_123, 1_764_460_800_000, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 1.5, -3, Number.NaN]
    for (const t of edges)
      for (const n of edges) {
        const events: Record<string, unknown>[] = [
          { type: 'dispatch', module: 'probe-1', event: 'block', chainId: 11155111, number: n, outcome: 'ok' },
          { type: 'log', level: 'info', target: 'probe', module: 'probe-1', message: `block ${n}` },
          { type: 'host-call', module: 'probe-1', host: 'chain', method: 'block', args: [n], ok: true, result: n },
        ]
        for (const e of events) {
          const fast = traceLine(t, e)
          expectBytesOfText(fast, e)
          expect(fast.text).toBe(genericLine(t, e).text)
        }
      }
  })

  it('writes the events of a day as the generic writer does', () => {
    const day: Record<string, unknown>[] = [
      {
        type: 'host-call',
        module: 'balance-tracker',
        host: 'chain',
        method: 'request',
        args: [11155111, 'eth_getBalance', '["0x70997970c51812dc3a010c7d01b50e0d17dc79c8","latest"]'],
        ok: true,
        result: '"0xde0b6b3a7640000"',
        error: undefined,
      },
      { type: 'host-call', module: 'm', host: 'local-store', method: 'set', args: ['k', '0x'], ok: true },
      { type: 'host-call', module: 'm', host: 'decisions', method: 'report', args: [{ z: 1n, a: 'x' }], ok: true },
      { type: 'dispatch', module: 'stop-loss', event: 'block', chainId: 11155111, number: 7000001, outcome: 'ok' },
      { type: 'log', level: 'info', target: 'engine', message: 'a "quoted"\nline', fields: { b: 1, a: true } },
      { type: 'block', chainId: 1, number: 2, hash: '0xab', timestamp: 3 },
      // Holes, undefined and functions in args, args missing or not an array, members missing.
      // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
      { type: 'host-call', module: 'm', host: 'chain', method: 'request', args: [1, , undefined, () => 1], ok: true },
      { type: 'host-call', module: 'm', host: 'chain', method: 'request', ok: false, error: { kind: 'x' } },
      { type: 'host-call', args: 'text', ok: true },
      { type: 'host-call', args: [] },
      { type: 'host-call' },
      { type: 'step', at: 'steps[3]', step: 'block' },
      { type: 'orderbook', chainId: 1, method: 'POST', path: '/api/v1/orders', status: 201, errorType: undefined },
      { type: 'exit', reason: 'signal', code: 0 },
    ]
    for (const e of day) {
      const fast = traceLine(1_750_000_012_000, e)
      expectBytesOfText(fast, e)
      expect(fast.text).toBe(genericLine(1_750_000_012_000, e).text)
    }
    // The common host calls and the dispatch hand their bytes; written a second time, a host call's
    // head bytes are kept (a dispatch's always are).
    for (const e of [day[0]!, day[1]!, day[3]!]) {
      expect(handedBytes(traceLine(1_750_000_024_000, e))).toBeDefined()
      expect(traceLine(1_750_000_024_000, e).headBytes).toBeDefined()
    }
    expect(traceLine(5, day[3]!).text).toBe(
      '{"chainId":11155111,"event":"block","module":"stop-loss","number":7000001,"outcome":"ok","t":5,"type":"dispatch"}',
    )
    expect(traceLine(5, day.find((e) => e.type === 'step')!).text).toBe(
      '{"at":"steps[3]","step":"block","t":5,"type":"step"}',
    )
  })

  it('writes an own __proto__ member, and keys that are array indices, as the generic writer does', () => {
    const proto = JSON.parse('{"type":"step","at":"x","__proto__":"p"}') as Record<string, unknown>
    expect(traceLine(1, proto).text).toBe(genericLine(1, proto).text)
    const indices = { type: 'any', '': 0, '10': 1, '9': 2, '01': 3 }
    expect(traceLine(1, indices).text).toBe(genericLine(1, indices).text)
    expect(traceLine(1, { type: 'any', t: 5 }).text).toBe(genericLine(1, { type: 'any', t: 5 }).text)
  })

  it('takes the generic path for an event that is not a plain object', () => {
    const odd = Object.assign(Object.create({ inherited: 1 }), { type: 'dispatch', module: 'm' })
    expect(traceLine(1, odd).text).toBe(genericLine(1, odd).text)
  })
})

describe('decisionLine', () => {
  it('is the canonical text of the decision record, or undefined', () => {
    fc.assert(
      fc.property(events, (e) => {
        const record = decisionRecord(e)
        expect(decisionLine(e)).toBe(record && canonicalJson(record))
      }),
      { numRuns: 2000 },
    )
  })
})
