// A ModuleHost for unit tests of modules (the Rust engine's shepherd-sdk-test MockHost, docs/design.md
// §7.1): every host answers from what the test programmed and records what the module did.
// Deterministic: the clock only moves when the test moves it, randomness is seeded.
import type {
  Block,
  ChainHost,
  ClockHost,
  CowApiHost,
  Decision,
  DecisionsHost,
  Hex,
  LocalStoreHost,
  Log,
  LoggingHost,
  LogLevel,
  ModuleEvent,
  ModuleHost,
  OrderbookPolicy,
  RandomHost,
} from '../../../engine/module-api/index.js'
import { HostError, type HostErrorFields } from '../../../engine/module-api/index.js'
import { VirtualClock } from '../../../engine/clock/virtual-clock.js'
import { ethCallParams } from '../chain/eth-call.js'

type Failure = HostError | HostErrorFields
const asHostError = (f: Failure): HostError => (f instanceof HostError ? f : new HostError(f))

export interface ChainCall {
  chainId: number
  method: string
  params: string
}

type ChainAnswer = { ok: true; result: string } | { ok: false; error: HostError }

/** Answers by the exact (method, params) text pair; anything unprogrammed is `unsupported`. */
export class MockChain implements ChainHost {
  readonly calls: ChainCall[] = []
  private readonly answers = new Map<string, ChainAnswer>()

  private static key(method: string, params: string): string {
    return `${method}\u0000${params}`
  }

  /** `result` is the JSON text of the result, e.g. `"0x1234"` with its quotes. */
  respond(method: string, params: string, result: string): this {
    this.answers.set(MockChain.key(method, params), { ok: true, result })
    return this
  }

  fail(method: string, params: string, error: Failure): this {
    this.answers.set(MockChain.key(method, params), { ok: false, error: asHostError(error) })
    return this
  }

  /** Programs `eth_call(to, data)` at latest to return `returnData`. */
  respondEthCall(to: Hex, data: Hex, returnData: Hex): this {
    return this.respond('eth_call', ethCallParams(to, data), JSON.stringify(returnData))
  }

  /** Programs `eth_call(to, data)` to revert with `revertData` in the error's `data` (the evolved host). */
  revertEthCall(to: Hex, data: Hex, revertData: Hex, message = 'execution reverted'): this {
    return this.fail('eth_call', ethCallParams(to, data), {
      domain: 'chain',
      kind: 'internal',
      code: 3,
      message,
      data: revertData,
    })
  }

  forget(method: string, params: string): this {
    this.answers.delete(MockChain.key(method, params))
    return this
  }

  async request(chainId: number, method: string, params: string): Promise<string> {
    this.calls.push({ chainId, method, params })
    const answer = this.answers.get(MockChain.key(method, params))
    if (answer === undefined) {
      throw new HostError({
        domain: 'chain',
        kind: 'unsupported',
        code: 0,
        message: `MockChain: no response configured for ${method} ${params}`,
      })
    }
    if (!answer.ok) throw answer.error
    return answer.result
  }

  async requestBatch(chainId: number, requests: { method: string; params: string }[]) {
    const out: ({ ok: true; value: string } | { ok: false; error: HostError })[] = []
    for (const r of requests) {
      try {
        out.push({ ok: true, value: await this.request(chainId, r.method, r.params) })
      } catch (error) {
        out.push({ ok: false, error: error as HostError })
      }
    }
    return out
  }

  lastCall(): ChainCall | undefined {
    return this.calls.at(-1)
  }

  callCount(method?: string): number {
    return method === undefined ? this.calls.length : this.calls.filter((c) => c.method === method).length
  }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

/** An in-memory store; listKeys is sorted by byte order, like the engine's stores. */
export class MockLocalStore implements LocalStoreHost {
  private readonly entries = new Map<string, Uint8Array>()
  private failure: HostError | undefined

  /** Makes every following call reject with `error` (undefined heals the store). */
  failWith(error: Failure | undefined): this {
    this.failure = error === undefined ? undefined : asHostError(error)
    return this
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.check()
    const value = this.entries.get(key)
    return value === undefined ? undefined : value.slice()
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.check()
    this.entries.set(key, value.slice())
  }

  async delete(key: string): Promise<void> {
    this.check()
    this.entries.delete(key)
  }

  async listKeys(prefix: string): Promise<string[]> {
    this.check()
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort(byteOrder)
  }

  /** Seeds a value without going through the module (text is stored as UTF-8). */
  put(key: string, value: Uint8Array | string): this {
    this.entries.set(key, typeof value === 'string' ? encoder.encode(value) : value.slice())
    return this
  }

  text(key: string): string | undefined {
    const value = this.entries.get(key)
    return value === undefined ? undefined : decoder.decode(value)
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  get size(): number {
    return this.entries.size
  }

  /** Every entry, sorted by key in byte order. */
  snapshot(): [string, Uint8Array][] {
    return [...this.entries.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([k, v]) => [k, v.slice()])
  }
}

/** What the mock orderbook answers to one submission. */
export type CowApiAnswer = { uid: string } | { error: Failure }
export type CowApiResponder = (chainId: number, orderJson: string) => CowApiAnswer

export interface CowApiSubmission {
  chainId: number
  body: string
}

export interface CowApiRequest {
  chainId: number
  method: string
  path: string
  body?: string | undefined
}

const NO_COW_RESPONSE = (): CowApiAnswer => ({
  error: { domain: 'cow-api', kind: 'unsupported', code: 501, message: 'MockCowApi: no response configured' },
})

/**
 * Submissions are answered from a queue (consumed in order), then from the standing responder
 * (`always`), else `unsupported` 501 as in the Rust engine's double. Bodies are recorded.
 */
export class MockCowApi implements CowApiHost {
  readonly submissions: CowApiSubmission[] = []
  readonly requests: CowApiRequest[] = []
  private readonly queued: CowApiAnswer[] = []
  private responder: CowApiResponder = NO_COW_RESPONSE
  private readonly passthrough = new Map<string, string>()

  /** Answers for the next submissions, in order. */
  queue(...answers: CowApiAnswer[]): this {
    this.queued.push(...answers)
    return this
  }

  /** The answer (or a function of the body) once the queue is empty. */
  always(answer: CowApiAnswer | CowApiResponder): this {
    this.responder = typeof answer === 'function' ? answer : () => answer
    return this
  }

  /** Programs the generic passthrough `request(chainId, method, path)`. */
  respondRequest(method: string, path: string, body: string): this {
    this.passthrough.set(`${method.toUpperCase()} ${path}`, body)
    return this
  }

  async submitOrder(chainId: number, orderJson: string): Promise<string> {
    this.submissions.push({ chainId, body: orderJson })
    const answer = this.queued.shift() ?? this.responder(chainId, orderJson)
    if ('error' in answer) throw asHostError(answer.error)
    return answer.uid
  }

  async request(chainId: number, method: string, path: string, body?: string): Promise<string> {
    this.requests.push({ chainId, method, path, body })
    const answer = this.passthrough.get(`${method.toUpperCase()} ${path}`)
    if (answer === undefined) {
      throw new HostError({
        domain: 'cow-api',
        kind: 'unsupported',
        code: 501,
        message: `MockCowApi: no response configured for ${method} ${path}`,
      })
    }
    return answer
  }

  lastBody(): string | undefined {
    return this.submissions.at(-1)?.body
  }

  lastBodyAsJson(): unknown {
    const body = this.lastBody()
    return body === undefined ? undefined : JSON.parse(body)
  }
}

/**
 * The HostError the engine's cow-api host gives for a non-201 answer (docs/orderbook.md):
 * code = status, kind by status, data = the envelope (unless `body` gives another text).
 */
export function orderbookRejection(
  status: number,
  errorType?: string,
  description = '',
  options: { body?: string; retryAfterSeconds?: number } = {},
): HostError {
  const kind = status === 429 ? 'rate-limited' : status >= 500 ? 'unavailable' : 'denied'
  const data = options.body ?? (errorType === undefined ? undefined : JSON.stringify({ errorType, description }))
  const retry = options.retryAfterSeconds === undefined ? '' : ` (retry-after ${options.retryAfterSeconds})`
  const message =
    errorType === undefined
      ? `orderbook answered ${status}${retry}`
      : `orderbook error (${errorType}): ${description}${retry}`
  const error = new HostError({ domain: 'cow-api', kind, code: status, message, data })
  return options.retryAfterSeconds === undefined
    ? error
    : Object.assign(error, { retryAfterSeconds: options.retryAfterSeconds })
}

export interface LogLine {
  level: LogLevel
  message: string
}

export class MockLogging implements LoggingHost {
  readonly lines: LogLine[] = []

  log(level: LogLevel, message: string): void {
    this.lines.push({ level, message })
  }

  contains(substring: string, level?: LogLevel): boolean {
    return this.lines.some((l) => l.message.includes(substring) && (level === undefined || l.level === level))
  }

  countAt(level: LogLevel): number {
    return this.lines.filter((l) => l.level === level).length
  }

  messages(level?: LogLevel): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message)
  }
}

export class MockDecisions implements DecisionsHost {
  readonly reported: Decision[] = []
  report(decision: Decision): void {
    this.reported.push({ ...decision })
  }
}

/**
 * The module's clock over the one virtual clock (engine/clock/virtual-clock.ts, decision 0112);
 * defaults to the Rust engine tests' synthetic block time. Time only moves forward.
 */
export class MockClock implements ClockHost {
  readonly clock: VirtualClock
  constructor(nowMs = 1_700_000_000_000) {
    this.clock = new VirtualClock(nowMs)
  }
  nowMs(): number {
    return this.clock.now()
  }
  set(ms: number): this {
    this.clock.advanceTo(ms)
    return this
  }
  advance(ms: number): this {
    this.clock.advanceBy(ms)
    return this
  }
}

/** splitmix64, seeded: the same bytes for the same seed on every machine. */
export class MockRandom implements RandomHost {
  private state: bigint
  constructor(seed: number | bigint = 0) {
    this.state = BigInt.asUintN(64, BigInt(seed))
  }
  private next(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n)
    let z = this.state
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n)
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn)
    return z ^ (z >> 31n)
  }
  fill(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 8) {
      let word = this.next()
      for (let j = i; j < Math.min(i + 8, length); j++) {
        out[j] = Number(word & 0xffn)
        word >>= 8n
      }
    }
    return out
  }
}

export interface MockHostOptions {
  moduleName?: string
  /**
   * What the engine would hand the module (docs/policies.md). A test that posts orders passes one
   * (test/support/orderbook-policy.ts loads the shipped files); reading it without one throws.
   */
  orderbookPolicy?: OrderbookPolicy
  nowMs?: number
  seed?: number | bigint
}

export class MockHost implements ModuleHost {
  readonly moduleName: string
  readonly chain = new MockChain()
  readonly localStore = new MockLocalStore()
  readonly cowApi = new MockCowApi()
  readonly logging = new MockLogging()
  readonly clock: MockClock
  readonly random: MockRandom
  readonly decisions = new MockDecisions()
  readonly #policy: OrderbookPolicy | undefined

  constructor(options: MockHostOptions = {}) {
    this.moduleName = options.moduleName ?? 'mock'
    this.clock = new MockClock(options.nowMs)
    this.random = new MockRandom(options.seed ?? 0)
    this.#policy = options.orderbookPolicy
  }

  get orderbookPolicy(): OrderbookPolicy {
    if (this.#policy === undefined)
      throw new Error(
        'MockHost: no orderbook policy; pass new MockHost({ orderbookPolicy }) to a test that posts orders',
      )
    return this.#policy
  }
}

/** A block event; the hash and timestamp default to the Rust engine tests' synthetic block. */
export function blockEvent(chainId: number, number: number, overrides: Partial<Block> = {}): ModuleEvent {
  return {
    kind: 'block',
    block: { chainId, number, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_700_000_000_000, ...overrides },
  }
}

/** A single-log event, as the engine delivers logs. */
export function logEvent(log: Partial<Log> & Pick<Log, 'chainId' | 'address' | 'topics'>): ModuleEvent {
  return {
    kind: 'logs',
    logs: [{ data: '0x', blockNumber: 0, transactionHash: '0x', logIndex: 0, ...log }],
  }
}
