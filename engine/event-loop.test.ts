import { setImmediate as flush } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runEventLoop, type EventLoopInputs, type LoopEnd } from './event-loop.js'
import { createLogger } from './observe/logger.js'
import type { EngineEvent } from './observe/telemetry.js'
import { ChannelStream } from './sources/channel-stream.js'
import type { BlockHeader, RawLog } from './sources/source.js'

const header = (n: number): BlockHeader => ({
  number: n,
  hash: `0x${n.toString(16).padStart(64, '0')}`,
  timestamp: 1_750_000_000 + n,
})
const rawLog = (i: number): RawLog => ({
  address: '0x0000000000000000000000000000000000000001',
  topics: [],
  data: '0x',
  logIndex: i,
})

async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await flush()
}

function harness(opts: { blocks?: number[]; logs?: string[]; dispatch?: (what: string) => Promise<void> } = {}) {
  const shutdown = new AbortController()
  const seen: string[] = []
  const events: EngineEvent[] = []
  const blockStreams = (opts.blocks ?? []).map((chainId) => ({ chainId, stream: new ChannelStream<BlockHeader>() }))
  const logStreams = (opts.logs ?? []).map((module) => ({ module, chainId: 1, stream: new ChannelStream<RawLog>() }))
  const telemetry = { emit: (e: EngineEvent) => events.push(e) }
  const inputs: EventLoopInputs = {
    blockStreams,
    logStreams,
    shutdown: shutdown.signal,
    logger: createLogger(telemetry),
    telemetry,
    dispatchBlock: async (chainId, h) => {
      const what = `block ${chainId}/${h.number}`
      seen.push(what)
      await opts.dispatch?.(what)
    },
    dispatchLog: async (module, _chainId, log) => {
      const what = `log ${module}/${log.logIndex}`
      seen.push(what)
      await opts.dispatch?.(what)
    },
  }
  let end: LoopEnd | undefined
  const done = runEventLoop(inputs).then((e) => (end = e))
  return { shutdown, seen, events, blockStreams, logStreams, done, ended: () => end }
}

const warnings = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []))

describe('runEventLoop', () => {
  it('keeps running with both stream sets empty until shutdown (the Rust engine’s regression)', async () => {
    const h = harness()
    await settle()
    expect(h.ended()).toBeUndefined()
    h.shutdown.abort('SIGTERM')
    expect(await h.done).toEqual({ reason: 'signal', signal: 'SIGTERM' })
  })

  it('block-only: an empty log side never ends, blocks flow, and the block stream ending stops it', async () => {
    const h = harness({ blocks: [1] })
    h.blockStreams[0]!.stream.push(header(1))
    h.blockStreams[0]!.stream.push(header(2))
    await settle()
    expect(h.ended()).toBeUndefined()
    expect(h.seen).toEqual(['block 1/1', 'block 1/2'])
    h.blockStreams[0]!.stream.end()
    expect(await h.done).toEqual({ reason: 'block-stream-ended' })
    expect(warnings(h.events)).toContain('block stream ended (WebSocket dropped?) - shutting down for restart')
  })

  it('log-only: an empty block side never ends, and the log stream ending stops it with log-stream-ended', async () => {
    const h = harness({ logs: ['a'] })
    h.logStreams[0]!.stream.push(rawLog(0))
    await settle()
    expect(h.ended()).toBeUndefined()
    h.logStreams[0]!.stream.end()
    expect(await h.done).toEqual({ reason: 'log-stream-ended' })
    expect(h.seen).toEqual(['log a/0'])
  })

  it('one of several log streams ending changes nothing until all have ended', async () => {
    const h = harness({ logs: ['a', 'b'] })
    h.logStreams[0]!.stream.end()
    await settle()
    expect(h.ended()).toBeUndefined()
    h.logStreams[1]!.stream.push(rawLog(7))
    await settle()
    expect(h.seen).toEqual(['log b/7'])
    h.logStreams[1]!.stream.end()
    expect(await h.done).toEqual({ reason: 'log-stream-ended' })
  })

  it('one of several block chains dropping keeps the others running', async () => {
    const h = harness({ blocks: [1, 11155111] })
    h.blockStreams[0]!.stream.end()
    h.blockStreams[1]!.stream.push(header(5))
    await settle()
    expect(h.ended()).toBeUndefined()
    expect(h.seen).toEqual(['block 11155111/5'])
    h.shutdown.abort('SIGINT')
    expect(await h.done).toEqual({ reason: 'signal', signal: 'SIGINT' })
  })

  it('dispatches a ready block before a ready log, and shutdown before both', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const h = harness({ blocks: [1], logs: ['a'], dispatch: (w) => (w === 'block 1/1' ? gate : Promise.resolve()) })
    h.blockStreams[0]!.stream.push(header(1))
    await settle()
    // While block 1 is in flight, a log and a block arrive: the block goes first.
    h.logStreams[0]!.stream.push(rawLog(0))
    h.blockStreams[0]!.stream.push(header(2))
    await settle()
    release()
    await settle()
    expect(h.seen).toEqual(['block 1/1', 'block 1/2', 'log a/0'])
    h.shutdown.abort('SIGTERM')
    h.blockStreams[0]!.stream.push(header(3))
    expect(await h.done).toEqual({ reason: 'signal', signal: 'SIGTERM' })
    expect(h.seen).not.toContain('block 1/3')
  })

  it('honours a signal that arrives mid-dispatch only after the in-flight dispatch completes', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let finished = false
    const h = harness({
      blocks: [1],
      dispatch: async () => {
        await gate
        finished = true
      },
    })
    h.blockStreams[0]!.stream.push(header(1))
    h.blockStreams[0]!.stream.push(header(2))
    await settle()
    h.shutdown.abort('SIGTERM')
    await settle()
    expect(h.ended()).toBeUndefined()
    release()
    expect(await h.done).toEqual({ reason: 'signal', signal: 'SIGTERM' })
    expect(finished).toBe(true)
    expect(h.seen).toEqual(['block 1/1'])
  })

  it('logs and skips error items on either side', async () => {
    const h = harness({ blocks: [1], logs: ['a'] })
    h.blockStreams[0]!.stream.pushError(new Error('boom'))
    h.logStreams[0]!.stream.pushError(new Error('bang'))
    h.blockStreams[0]!.stream.push(header(9))
    await settle()
    expect(h.seen).toEqual(['block 1/9'])
    expect(warnings(h.events)).toEqual(['block stream error - continuing', 'log stream error - continuing'])
    h.shutdown.abort('SIGTERM')
    await h.done
  })

  it('closes every stream when it returns', async () => {
    const h = harness({ blocks: [1], logs: ['a'] })
    h.shutdown.abort('SIGTERM')
    await h.done
    expect(h.blockStreams[0]!.stream.closed).toBe(true)
    expect(h.logStreams[0]!.stream.closed).toBe(true)
  })
})
