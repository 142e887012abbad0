import { describe, expect, it } from 'vitest'
import type { BlockHeader, EventStream, RawLog, StreamItem } from '../../engine/sources/source.js'
import { ScriptedSources, ScriptedStreamError, SubscriptionRefused } from './scripted-sources.js'

const SEPOLIA = 11155111
const COMPOSABLE_COW = '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74'
const CREATED = '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361'
const OTHER_TOPIC = '0xcf5f9de2984132265203b5c335b25727702ca77262ff622e136baa7362bf1da9'

function header(number: number): BlockHeader {
  return { number, hash: `0x${number.toString(16).padStart(64, '0')}`, timestamp: 1_750_000_000 + number }
}

function log(address: string, topic0: string): RawLog {
  return { address: address as RawLog['address'], topics: [topic0 as RawLog['address']], data: '0x' }
}

/** Reads until the stream ends (the sources must have ended it by then). */
async function readAll<T>(stream: EventStream<T>): Promise<StreamItem<T>[]> {
  const items: StreamItem<T>[] = []
  for await (const item of stream) items.push(item)
  return items
}

const values = <T>(items: StreamItem<T>[]) => items.map((i) => (i.ok ? i.value : i.error.message))

describe('ScriptedSources', () => {
  it('delivers a block to every open block stream of that chain only', async () => {
    const sources = new ScriptedSources()
    const a = await sources.openBlocks(SEPOLIA)
    const b = await sources.openBlocks(SEPOLIA)
    const other = await sources.openBlocks(1)
    expect(sources.emitBlock(SEPOLIA, header(7))).toBe(2)
    sources.drop('blocks')
    expect(values(await readAll(a))).toEqual([header(7)])
    expect(values(await readAll(b))).toEqual([header(7)])
    expect(await readAll(other)).toEqual([])
  })

  it('hands a waiting reader the next item', async () => {
    const sources = new ScriptedSources()
    const stream = await sources.openBlocks(SEPOLIA)
    const iterator = stream[Symbol.asyncIterator]()
    const next = iterator.next()
    sources.emitBlock(SEPOLIA, header(1))
    await expect(next).resolves.toEqual({ done: false, value: { ok: true, value: header(1) } })
  })

  it('routes logs by address and topic 0, case-insensitively, as a node does', async () => {
    const sources = new ScriptedSources()
    const byBoth = await sources.openLogs(
      SEPOLIA,
      { address: '0xFdaFc9d1902f4e0b84f65F49f244b32b31013b74', topic0: CREATED },
      'twap',
    )
    const byTopic = await sources.openLogs(SEPOLIA, { topic0: CREATED }, 'any-cow')
    const byAddress = await sources.openLogs(SEPOLIA, { address: COMPOSABLE_COW }, 'all-of-cow')
    const everything = await sources.openLogs(SEPOLIA, {}, 'firehose')
    const otherChain = await sources.openLogs(1, {}, 'mainnet')

    expect(sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, CREATED.toUpperCase().replace('0X', '0x')))).toBe(4)
    expect(sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, OTHER_TOPIC))).toBe(2)
    expect(sources.emitLog(SEPOLIA, log('0x0000000000000000000000000000000000000001', CREATED))).toBe(2)
    sources.drop('logs')

    expect((await readAll(byBoth)).length).toBe(1)
    expect((await readAll(byTopic)).length).toBe(2)
    expect((await readAll(byAddress)).length).toBe(2)
    expect((await readAll(everything)).length).toBe(3)
    expect(await readAll(otherChain)).toEqual([])
  })

  it('does not match a topic filter against a log without topics', async () => {
    const sources = new ScriptedSources()
    await sources.openLogs(SEPOLIA, { topic0: CREATED }, 'm')
    expect(sources.emitLog(SEPOLIA, { address: COMPOSABLE_COW, topics: [], data: '0x' })).toBe(0)
  })

  it('drop ends only the matching streams, after what they already received', async () => {
    const sources = new ScriptedSources()
    const blocksSepolia = await sources.openBlocks(SEPOLIA)
    const blocksMainnet = await sources.openBlocks(1)
    const logsA = await sources.openLogs(SEPOLIA, {}, 'a')
    const logsB = await sources.openLogs(SEPOLIA, {}, 'b')
    sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, CREATED))

    expect(sources.drop('logs', { module: 'a' })).toBe(1)
    expect(values(await readAll(logsA))).toHaveLength(1)
    expect(sources.drop('blocks', { chain: SEPOLIA })).toBe(1)
    expect(await readAll(blocksSepolia)).toEqual([])

    expect(sources.openStreams().map((s) => [s.kind, s.chainId, s.module])).toEqual([
      ['blocks', 1, undefined],
      ['logs', SEPOLIA, 'b'],
    ])
    // A module selector never matches a block stream (they belong to the chain, not a module).
    expect(sources.drop('blocks', { module: 'b' })).toBe(0)
    // Ended streams take nothing more; the others still do.
    expect(sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, CREATED))).toBe(1)
    expect(sources.emitBlock(1, header(3))).toBe(1)
    sources.drop('logs')
    sources.drop('blocks')
    expect(values(await readAll(logsB))).toHaveLength(2)
    expect(values(await readAll(blocksMainnet))).toEqual([header(3)])
  })

  it('yields an error item on the matching streams, which then keep going', async () => {
    const sources = new ScriptedSources()
    const a = await sources.openLogs(SEPOLIA, {}, 'a')
    const b = await sources.openLogs(SEPOLIA, {}, 'b')
    expect(sources.errorItem('logs', { module: 'b' }, 'subscription lagged')).toBe(1)
    sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, CREATED))
    sources.drop('logs')
    const itemsB = await readAll(b)
    expect(itemsB[0]).toMatchObject({ ok: false })
    expect(itemsB[0]?.ok === false && itemsB[0].error).toBeInstanceOf(ScriptedStreamError)
    expect(values(itemsB)[0]).toBe('subscription lagged')
    expect(itemsB[1]?.ok).toBe(true)
    expect((await readAll(a)).every((i) => i.ok)).toBe(true)
  })

  it('close() by the consumer ends its iteration and discards what it had not read', async () => {
    const sources = new ScriptedSources()
    const stream = await sources.openBlocks(SEPOLIA)
    sources.emitBlock(SEPOLIA, header(1))
    stream.close()
    stream.close()
    expect(await readAll(stream)).toEqual([])
    expect(sources.openStreams()).toEqual([])
    expect(sources.emitBlock(SEPOLIA, header(2))).toBe(0)
  })

  it('breaking out of for-await unsubscribes', async () => {
    const sources = new ScriptedSources()
    const stream = await sources.openBlocks(SEPOLIA)
    sources.emitBlock(SEPOLIA, header(1))
    for await (const _ of stream) break
    expect(sources.openStreams()).toEqual([])
  })

  it('counts delivered-but-unread items, including on an ended stream', async () => {
    const sources = new ScriptedSources()
    const stream = await sources.openBlocks(SEPOLIA)
    sources.emitBlock(SEPOLIA, header(1))
    sources.emitBlock(SEPOLIA, header(2))
    sources.drop('blocks')
    expect(sources.backlog()).toBe(2)
    await readAll(stream)
    expect(sources.backlog()).toBe(0)
  })

  it('refuses to open streams on a chain it was told to fail, until allowed again', async () => {
    const sources = new ScriptedSources()
    sources.failOpen(SEPOLIA, 'connection refused')
    await expect(sources.openBlocks(SEPOLIA)).rejects.toThrow(SubscriptionRefused)
    await expect(sources.openLogs(SEPOLIA, {}, 'm')).rejects.toThrow('connection refused')
    await expect(sources.openBlocks(1)).resolves.toBeDefined()

    sources.failOpen(SEPOLIA, 'logs unsupported', 'logs')
    await expect(sources.openBlocks(SEPOLIA)).resolves.toBeDefined()
    await expect(sources.openLogs(SEPOLIA, {}, 'm')).rejects.toThrow('logs unsupported')

    sources.allowOpen(SEPOLIA)
    await expect(sources.openLogs(SEPOLIA, {}, 'm')).resolves.toBeDefined()
  })

  it('opens streams on any chain and lists them in open order with their filters', async () => {
    const sources = new ScriptedSources()
    await sources.openLogs(424242, { address: COMPOSABLE_COW }, 'm')
    await sources.openBlocks(424242)
    expect(sources.openStreams()).toEqual([
      { id: 0, kind: 'logs', chainId: 424242, module: 'm', filter: { address: COMPOSABLE_COW } },
      { id: 1, kind: 'blocks', chainId: 424242 },
    ])
  })

  it('gives each stream its own copy of an item', async () => {
    const sources = new ScriptedSources()
    const a = await sources.openLogs(SEPOLIA, {}, 'a')
    const b = await sources.openLogs(SEPOLIA, {}, 'b')
    sources.emitLog(SEPOLIA, log(COMPOSABLE_COW, CREATED))
    sources.drop('logs')
    const [itemA] = await readAll(a)
    const [itemB] = await readAll(b)
    if (!itemA?.ok || !itemB?.ok) throw new Error('expected values')
    itemA.value.topics.push('0x01')
    expect(itemB.value.topics).toHaveLength(1)
  })
})
