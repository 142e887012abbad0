import { describe, expect, it } from 'vitest'
import type { Clock } from '../clock/clock.js'
import type { RpcTransport } from '../transport/rpc-transport.js'
import { createPollingSources } from './http-poll-sources.js'
import type { BlockHeader, EventStream, RawLog, StreamItem } from './source.js'

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const ADDRESS = `0x${'aa'.repeat(20)}` as const
const TOPIC = `0x${'5e'.repeat(32)}` as const

/** A node whose head follows a script, one entry per eth_blockNumber; logs: one per block, index 0. */
function scriptedNode(heads: number[], failAt: Set<number> = new Set()) {
  const calls: string[] = []
  let polls = 0
  let head = heads[0] ?? 0
  const transport: RpcTransport = {
    async request(method, params) {
      calls.push(method)
      if (method === 'eth_blockNumber') {
        const i = polls++
        if (failAt.has(i)) throw new Error('ECONNRESET')
        head = heads[Math.min(i, heads.length - 1)]!
        return `0x${head.toString(16)}`
      }
      if (method === 'eth_getBlockByNumber') {
        const n = Number.parseInt(params[0] as string, 16)
        if (n > head) return null
        return { number: params[0], hash: hash(n), timestamp: `0x${(1000 + n).toString(16)}` }
      }
      if (method === 'eth_getLogs') {
        const f = params[0] as { fromBlock: string; toBlock: string; address?: string; topics?: string[] }
        const from = Number.parseInt(f.fromBlock, 16)
        const to = Number.parseInt(f.toBlock, 16)
        const logs = []
        // Answered newest first: the poller must put them in block order.
        for (let n = to; n >= from; n--)
          logs.push({
            address: ADDRESS,
            topics: [TOPIC],
            data: '0x',
            blockNumber: `0x${n.toString(16)}`,
            logIndex: '0x0',
            transactionHash: hash(n),
          })
        return f.address === ADDRESS ? logs : []
      }
      throw new Error(`unexpected ${method}`)
    },
  }
  return { transport, calls }
}

// Sleeps end at once (a macrotask later): the test is about order, not about time.
const instantClock: Clock = {
  now: () => 0,
  sleep: (_ms, options) =>
    new Promise((resolve, reject) => {
      if (options?.signal?.aborted) return reject(options.signal.reason)
      setImmediate(resolve)
    }),
}

async function take<T>(stream: EventStream<T>, count: number): Promise<StreamItem<T>[]> {
  const items: StreamItem<T>[] = []
  const iterator = stream[Symbol.asyncIterator]()
  while (items.length < count) {
    const next = await iterator.next()
    if (next.done) break
    items.push(next.value)
  }
  return items
}

describe('createPollingSources', () => {
  it('starts after the current head and delivers every later block once, in order, filling gaps', async () => {
    // head 10 at open; then 11, 11 (no change), 15 (a gap of four), 14 (went back), 16
    const node = scriptedNode([10, 11, 11, 15, 14, 16])
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
    })
    const blocks = await sources.openBlocks(1)
    const items = await take(blocks, 6)
    sources.close()
    expect(items.map((i) => (i.ok ? i.value.number : i.error.message))).toEqual([11, 12, 13, 14, 15, 16])
    expect((items[1] as { value: BlockHeader }).value).toEqual({ number: 12, hash: hash(12), timestamp: 1012 })
  })

  it('delivers the logs of each new range in block order, only for a matching filter', async () => {
    const node = scriptedNode([3, 6])
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
    })
    const matching = await sources.openLogs(1, { address: ADDRESS, topic0: TOPIC }, 'm')
    const other = await sources.openLogs(1, { address: `0x${'bb'.repeat(20)}` }, 'm')
    const logs = await take(matching, 3)
    expect(logs.map((l) => (l.ok ? (l.value as RawLog).blockNumber : l.error.message))).toEqual([4, 5, 6])
    sources.close()
    expect(await take(other, 1)).toEqual([])
  })

  it('a range wider than maxRange is caught up over several rounds without losing a block', async () => {
    const node = scriptedNode([0, 25])
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
      maxRange: 10,
    })
    const blocks = await sources.openBlocks(1)
    const items = await take(blocks, 25)
    sources.close()
    expect(items.map((i) => (i.ok ? i.value.number : 0))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
  })

  it('a lagging reader is not fed past block_queue_max: polling waits, nothing is dropped (decision 0029)', async () => {
    const node = scriptedNode([0, 1000])
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
      blockQueueMax: 8,
    })
    const blocks = (await sources.openBlocks(1)) as EventStream<BlockHeader> & { size: number }
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r)) // the reader lags
    expect(blocks.size).toBe(8)
    const items = await take(blocks, 20)
    sources.close()
    expect(items.map((i) => (i.ok ? i.value.number : 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('a failed poll is an error item and is retried; maxFailedPolls in a row end the stream (exit 3 upstream)', async () => {
    const node = scriptedNode([1, 2, 2, 2, 2, 2, 2], new Set([2, 4, 5, 6]))
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
      maxFailedPolls: 3,
    })
    const blocks = await sources.openBlocks(1)
    const items = await take(blocks, 100)
    expect(items.map((i) => (i.ok ? i.value.number : i.error.message))).toEqual([
      2,
      'poll chain 1 failed (1 of 3 in a row): ECONNRESET',
      'poll chain 1 failed (1 of 3 in a row): ECONNRESET',
      'poll chain 1 failed (2 of 3 in a row): ECONNRESET',
      'poll chain 1 failed (3 of 3 in a row): ECONNRESET',
    ])
  })

  it('a node that cannot answer at open fails the open, naming the call', async () => {
    const transport: RpcTransport = { request: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) }
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport }], { clock: instantClock })
    await expect(sources.openBlocks(1)).rejects.toThrow(
      'rpc `eth_blockNumber` failed: connect ECONNREFUSED 127.0.0.1:1',
    )
    await expect(sources.openBlocks(2)).rejects.toThrow('unknown chain 2')
  })

  it('closing the last stream stops the poller: no request after it', async () => {
    const node = scriptedNode([1, 2, 3, 4, 5, 6, 7, 8])
    const sources = createPollingSources([{ chainId: 1, intervalMs: 1, transport: node.transport }], {
      clock: instantClock,
    })
    const blocks = await sources.openBlocks(1)
    await take(blocks, 2)
    blocks.close()
    const seen = node.calls.length
    await new Promise((r) => setTimeout(r, 20))
    expect(node.calls.length).toBe(seen)
  })
})
