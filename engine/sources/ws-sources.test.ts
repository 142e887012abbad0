import { describe, expect, it } from 'vitest'
import type { ChainSubscription, SubscribeParams, SubscriptionHandlers } from '../transport/viem-rpc-transports.js'
import type { StreamItem } from './source.js'
import { createWsSources, type SubscribableChain } from './ws-sources.js'

// A chain transport the test drives by hand: it records subscriptions and lets the test push
// notifications or drop the socket, the way viem's socket client calls back.
class ScriptedChain implements SubscribableChain {
  readonly isWebSocket = true
  readonly subscriptions: { params: SubscribeParams; handlers: SubscriptionHandlers; unsubscribed: boolean }[] = []
  refuse: Error | undefined
  constructor(readonly url: string) {}
  async subscribe(params: SubscribeParams, handlers: SubscriptionHandlers): Promise<ChainSubscription> {
    if (this.refuse) throw this.refuse
    const entry = { params, handlers, unsubscribed: false }
    this.subscriptions.push(entry)
    return {
      unsubscribe: () => {
        entry.unsubscribed = true
      },
    }
  }
  notify(result: unknown, index = 0) {
    this.subscriptions[index]!.handlers.onData(result)
  }
  drop(index = 0) {
    this.subscriptions[index]!.handlers.onError(new Error('The socket has been closed.'))
  }
}

const WS = 'wss://rpc.example/v3/0123456789abcdef0123456789abcdef'
const head = (n: number) => ({
  number: `0x${n.toString(16)}`,
  hash: `0x${n.toString(16).padStart(64, '0')}`,
  timestamp: `0x${(1000 + n).toString(16)}`,
})

async function take<T>(iterable: AsyncIterable<StreamItem<T>>, count: number): Promise<StreamItem<T>[]> {
  const out: StreamItem<T>[] = []
  const iterator = iterable[Symbol.asyncIterator]()
  while (out.length < count) {
    const next = await iterator.next()
    if (next.done) break
    out.push(next.value)
  }
  return out
}

describe('createWsSources', () => {
  it('opens newHeads and delivers every block in arrival order', async () => {
    const chain = new ScriptedChain(WS)
    const sources = createWsSources([{ chainId: 11155111, rpcUrl: WS }], { forChain: () => chain })
    const stream = await sources.openBlocks(11155111)
    expect(chain.subscriptions[0]!.params).toEqual(['newHeads'])
    for (const n of [1, 2, 3, 4, 5]) chain.notify(head(n))
    const items = await take(stream, 5)
    expect(items.map((i) => (i.ok ? i.value.number : -1))).toEqual([1, 2, 3, 4, 5])
    expect(items[0]).toEqual({ ok: true, value: { number: 1, hash: head(1).hash, timestamp: 1001 } })
  })

  it('a malformed notification is an error item, and the stream goes on', async () => {
    const chain = new ScriptedChain(WS)
    const sources = createWsSources([{ chainId: 1, rpcUrl: WS }], { forChain: () => chain })
    const stream = await sources.openBlocks(1)
    chain.notify({ number: 'zz' })
    chain.notify(head(7))
    const [bad, good] = await take(stream, 2)
    expect(bad).toMatchObject({ ok: false, error: { name: 'MalformedNotificationError' } })
    expect(good).toMatchObject({ ok: true, value: { number: 7 } })
  })

  it('a socket drop ends the stream after what was already received', async () => {
    const chain = new ScriptedChain(WS)
    const sources = createWsSources([{ chainId: 1, rpcUrl: WS }], { forChain: () => chain })
    const stream = await sources.openBlocks(1)
    chain.notify(head(1))
    chain.drop()
    chain.notify(head(2))
    const items: unknown[] = []
    for await (const item of stream) items.push(item)
    expect(items).toHaveLength(1)
  })

  it('opens a logs subscription with address AND topic0, and parses logs', async () => {
    const chain = new ScriptedChain(WS)
    const sources = createWsSources([{ chainId: 1, rpcUrl: WS }], { forChain: () => chain })
    const address = `0x${'11'.repeat(20)}` as const
    const topic0 = `0x${'22'.repeat(32)}` as const
    const stream = await sources.openLogs(1, { address, topic0 }, 'twap')
    expect(chain.subscriptions[0]!.params).toEqual(['logs', { address, topics: [topic0] }])
    chain.notify({
      address,
      topics: [topic0],
      data: '0x',
      blockNumber: '0x5',
      logIndex: '0x0',
      transactionHash: topic0,
    })
    expect(await take(stream, 1)).toEqual([
      {
        ok: true,
        value: { address, topics: [topic0], data: '0x', blockNumber: 5, logIndex: 0, transactionHash: topic0 },
      },
    ])
  })

  it('stream close() unsubscribes; sources.close() closes whatever is still open', async () => {
    const chain = new ScriptedChain(WS)
    const sources = createWsSources([{ chainId: 1, rpcUrl: WS }], { forChain: () => chain })
    const first = await sources.openBlocks(1)
    await sources.openLogs(1, {}, 'm')
    first.close()
    expect(chain.subscriptions.map((s) => s.unsubscribed)).toEqual([true, false])
    sources.close()
    expect(chain.subscriptions.map((s) => s.unsubscribed)).toEqual([true, true])
    await expect(sources.openBlocks(1)).rejects.toThrow(/sources are closed/)
  })

  it('refuses an http rpc_url as the Rust engine does, with the URL redacted', async () => {
    const url = 'https://eth-sepolia.g.alchemy.com/v2/0123456789abcdef0123456789abcdef'
    const sources = createWsSources([{ chainId: 11155111, rpcUrl: url }], { forChain: () => undefined })
    const error = (await sources.openBlocks(11155111).catch((e: unknown) => e)) as Error
    expect(error.message).toMatch(/^rpc `eth_subscribe\(newHeads\)` failed: .* is not a WebSocket URL$/)
    expect(error.message).not.toContain('0123456789abcdef0123456789abcdef')
    await expect(sources.openLogs(11155111, {}, 'm')).rejects.toThrow(/^rpc `eth_subscribe\(logs\)` failed: /)
  })

  it('refuses a chain without rpc_url, and an unknown chain', async () => {
    const sources = createWsSources([{ chainId: 1 }], { forChain: () => undefined })
    await expect(sources.openBlocks(1)).rejects.toThrow('rpc `eth_subscribe(newHeads)` failed: chain 1 has no rpc_url')
    await expect(sources.openBlocks(5)).rejects.toThrow('unknown chain 5 (no engine.toml entry)')
  })

  it('a node refusing eth_subscribe rejects the open with its message', async () => {
    const chain = new ScriptedChain(WS)
    chain.refuse = new Error('subscriptions are not supported')
    const sources = createWsSources([{ chainId: 1, rpcUrl: WS }], { forChain: () => chain })
    await expect(sources.openBlocks(1)).rejects.toThrow(
      'rpc `eth_subscribe(newHeads)` failed: subscriptions are not supported',
    )
  })
})

describe('createWsSources bounds each stream (decision 0029)', () => {
  it('a lagging block stream coalesces at block_queue_max and says so; a log stream ends at log_queue_max', async () => {
    const chain = new ScriptedChain(WS)
    const lag: { stream: unknown; kind: string; queued: number }[] = []
    const sources = createWsSources(
      [{ chainId: 1, rpcUrl: WS }],
      { forChain: () => chain },
      {
        blockQueueMax: 4,
        logQueueMax: 2,
        onLag: (stream, report) => lag.push({ stream, kind: report.kind, queued: report.queued }),
      },
    )
    const blocks = await sources.openBlocks(1)
    const logs = await sources.openLogs(1, {}, 'watcher')
    for (let n = 1; n <= 9; n++) chain.notify(head(n), 0)
    const [first] = await take(blocks, 1)
    expect(first).toMatchObject({ ok: true, value: { number: 9 } }) // 1..8 gave way to the newest head
    expect(lag.filter((l) => l.kind === 'coalesced')).toEqual([
      { stream: { kind: 'blocks', chainId: 1, module: undefined }, kind: 'coalesced', queued: 1 },
      { stream: { kind: 'blocks', chainId: 1, module: undefined }, kind: 'coalesced', queued: 1 },
    ])
    const log = { address: `0x${'11'.repeat(20)}`, topics: [], data: '0x', blockNumber: '0x1', logIndex: '0x0' }
    for (let i = 0; i < 3; i++) chain.notify(log, 1)
    const items: StreamItem<unknown>[] = []
    for await (const item of logs) items.push(item)
    expect(items.map((i) => i.ok)).toEqual([true, true, false])
    expect(lag.find((l) => l.kind === 'overflow')).toEqual({
      stream: { kind: 'logs', chainId: 1, module: 'watcher' },
      kind: 'overflow',
      queued: 2,
    })
  })
})
