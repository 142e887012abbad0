// Interleavings the fixture world never produces on its own (issue 13, docs/fuzzing.md): fast-check's
// scheduler decides the order in which stream items arrive, a shutdown signal lands, streams end
// and each dispatch's orderbook answer comes back, and the real event loop must keep its rules in
// every order: one dispatch at a time, each stream in order, shutdown > blocks > logs, nothing
// dispatched once the signal is seen, and the exit the first terminal event calls for.
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { type LoopEnd, runEventLoop } from './event-loop.js'
import { createLogger } from './observe/logger.js'
import { ChannelStream } from './sources/channel-stream.js'
import type { BlockHeader, RawLog } from './sources/source.js'

interface Plan {
  /** Items per block stream (chain) and per log stream. */
  blocks: number[]
  logs: number[]
  /** A signal is sent (at a moment the scheduler picks). */
  signal: boolean
  /** Which streams end after their last item (the scheduler picks when). */
  blockEnds: boolean[]
  logEnds: boolean[]
}

const planArb: fc.Arbitrary<Plan> = fc
  .record({
    blocks: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    logs: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    signal: fc.boolean(),
    ends: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .map(({ blocks, logs, signal, ends }) => ({
    blocks,
    logs,
    signal,
    blockEnds: blocks.map((_, i) => ends[i] as boolean),
    logEnds: logs.map((_, i) => ends[2 + i] as boolean),
  }))
  // Something must end the loop: a signal, or every stream of a non-empty side ending.
  .filter(
    (p) =>
      p.signal ||
      (p.blocks.length > 0 && p.blockEnds.every(Boolean)) ||
      (p.logs.length > 0 && p.logEnds.every(Boolean)),
  )

type Event =
  | { kind: 'arrive'; what: string; side: 'block' | 'log' }
  | { kind: 'signal' }
  | { kind: 'end'; side: 'block' | 'log'; stream: number }
  | { kind: 'start'; what: string; side: 'block' | 'log' }
  | { kind: 'finish'; what: string }

const header = (n: number): BlockHeader => ({ number: n, hash: `0x${n.toString(16).padStart(64, '0')}`, timestamp: n })
const rawLog = (i: number): RawLog => ({ address: `0x${'01'.repeat(20)}`, topics: [], data: '0x', logIndex: i })

async function play(s: fc.Scheduler, plan: Plan): Promise<{ events: Event[]; end: LoopEnd }> {
  const events: Event[] = []
  const shutdown = new AbortController()
  const blockStreams = plan.blocks.map((_, chainId) => ({ chainId, stream: new ChannelStream<BlockHeader>() }))
  const logStreams = plan.logs.map((_, i) => ({ module: `m${i}`, chainId: 0, stream: new ChannelStream<RawLog>() }))
  const telemetry = { emit: () => {} }
  const dispatch = async (what: string, side: 'block' | 'log') => {
    events.push({ kind: 'start', what, side })
    // The module's POST: its answer comes back when the scheduler says.
    await s.schedule(Promise.resolve(), `orderbook answer to ${what}`)
    events.push({ kind: 'finish', what })
  }
  const done = runEventLoop({
    blockStreams,
    logStreams,
    shutdown: shutdown.signal,
    logger: createLogger(telemetry),
    telemetry,
    dispatchBlock: (chainId, h) => dispatch(`block ${chainId}/${h.number}`, 'block'),
    dispatchLog: (module, _chainId, log) => dispatch(`log ${module}/${log.logIndex}`, 'log'),
  })
  // Each stream delivers its items in order, then perhaps ends: one chain of scheduled arrivals
  // per stream, the streams and the signal racing each other.
  const chains: Promise<unknown>[] = []
  plan.blocks.forEach((count, chainId) => {
    const stream = blockStreams[chainId]!.stream
    chains.push(
      (async () => {
        for (let n = 1; n <= count; n++) {
          await s.schedule(Promise.resolve(), `block ${chainId}/${n} arrives`)
          events.push({ kind: 'arrive', what: `block ${chainId}/${n}`, side: 'block' })
          stream.push(header(n))
        }
        if (plan.blockEnds[chainId]) {
          await s.schedule(Promise.resolve(), `block stream ${chainId} ends`)
          events.push({ kind: 'end', side: 'block', stream: chainId })
          stream.end()
        }
      })(),
    )
  })
  plan.logs.forEach((count, i) => {
    const stream = logStreams[i]!.stream
    chains.push(
      (async () => {
        for (let n = 1; n <= count; n++) {
          await s.schedule(Promise.resolve(), `log m${i}/${n} arrives`)
          events.push({ kind: 'arrive', what: `log m${i}/${n}`, side: 'log' })
          stream.push(rawLog(n))
        }
        if (plan.logEnds[i]) {
          await s.schedule(Promise.resolve(), `log stream m${i} ends`)
          events.push({ kind: 'end', side: 'log', stream: i })
          stream.end()
        }
      })(),
    )
  })
  if (plan.signal)
    chains.push(
      s.schedule(Promise.resolve(), 'SIGTERM').then(() => {
        events.push({ kind: 'signal' })
        shutdown.abort('SIGTERM')
      }),
    )
  const end = await s.waitFor(done)
  return { events, end }
}

/** The loop's rules, checked on one interleaving; the first broken one, or undefined. */
function broken(plan: Plan, events: Event[], end: LoopEnd): string | undefined {
  let running: string | undefined
  let signalled = false
  const arrived = new Set<string>()
  const dispatched: string[] = []
  const ended = { block: new Set<number>(), log: new Set<number>() }
  for (const e of events) {
    if (e.kind === 'signal') signalled = true
    if (e.kind === 'arrive') arrived.add(e.what)
    if (e.kind === 'end') ended[e.side].add(e.stream)
    if (e.kind === 'start') {
      if (running) return `${e.what} started while ${running} was running`
      if (signalled) return `${e.what} started after the signal`
      if (!arrived.has(e.what)) return `${e.what} dispatched before it arrived`
      if (e.side === 'log') {
        const waiting = [...arrived].find((a) => a.startsWith('block') && !dispatched.includes(a))
        if (waiting) return `${e.what} dispatched while ${waiting} was queued`
      }
      // Each stream in order: the previous item of the same stream went first.
      const [prefix, n] = [e.what.slice(0, e.what.lastIndexOf('/') + 1), Number(e.what.split('/').pop())]
      if (n > 1 && !dispatched.includes(`${prefix}${n - 1}`)) return `${e.what} dispatched before ${prefix}${n - 1}`
      running = e.what
      dispatched.push(e.what)
    }
    if (e.kind === 'finish') running = undefined
  }
  if (running) return `the loop ended while ${running} was running`
  const allEnded = (side: 'block' | 'log', count: number) => count > 0 && ended[side].size === count
  if (end.reason === 'signal' && !signalled) return 'exit signal without a signal'
  if (end.reason === 'block-stream-ended' && !allEnded('block', plan.blocks.length))
    return 'block-stream-ended with a block stream still open'
  if (end.reason === 'log-stream-ended' && !allEnded('log', plan.logs.length))
    return 'log-stream-ended with a log stream still open'
  // A stream end is no excuse to lose what arrived before it (only a signal drops queued items).
  if (end.reason !== 'signal') {
    const lost = [...arrived].filter((a) => a.startsWith('block') && !dispatched.includes(a))
    if (lost.length) return `${end.reason} with ${lost.join(', ')} never dispatched`
  }
  return undefined
}

describe('the event loop under every interleaving the scheduler draws', () => {
  it('keeps one dispatch at a time, stream order, shutdown > blocks > logs, and the right exit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), planArb, async (s, plan) => {
        const { events, end } = await play(s, plan)
        const problem = broken(plan, events, end)
        if (problem)
          throw new Error(
            `${problem}\nschedule:\n${s
              .report()
              .map((r) => r.label)
              .join('\n')}`,
          )
      }),
      { numRuns: 300, seed: 13 },
    )
  })
})
