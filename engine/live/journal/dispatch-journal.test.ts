import { describe, expect, it } from 'vitest'
import type { BlockHeader, EventStream, SourceFactory, StreamItem } from '../../sources/source.js'
import { createDispatchJournal } from './dispatch-journal.js'
import type { JournalRecord } from './journal-record.js'

const SEPOLIA = 11155111
const header: BlockHeader = { number: 42, hash: `0x${'cd'.repeat(32)}`, timestamp: 1_790_000_100 }

function oneBlockSources(): SourceFactory {
  const stream: EventStream<BlockHeader> = {
    close() {},
    async *[Symbol.asyncIterator](): AsyncIterator<StreamItem<BlockHeader>> {
      yield { ok: true, value: header }
    },
  }
  return { openBlocks: async () => stream, openLogs: async () => stream as never }
}

describe('createDispatchJournal', () => {
  it('one record per orderbook exchange of a dispatch: block, RPC calls, request, response, decision; no URL', async () => {
    const records: JournalRecord[] = []
    const journal = createDispatchJournal(
      [{ chainId: SEPOLIA, orderbookUrl: 'https://user:secret@book.example/v3/KEYKEYKEY/sepolia' }],
      (r) => records.push(r),
    )
    for await (const _ of await journal.wrapSources(oneBlockSources()).openBlocks(SEPOLIA));
    const fetch = journal.wrapFetch(
      async () =>
        new Response('{"errorType":"InsufficientAllowance","description":"d"}', {
          status: 400,
          headers: { 'retry-after': '5', 'x-secret': 'no' },
        }),
    )
    const t = journal.telemetry
    t.emit({
      type: 'host-call',
      module: 'stop-loss',
      host: 'chain',
      method: 'request',
      args: [SEPOLIA, 'eth_call', '[{"to":"0x01"},"latest"]'],
      ok: true,
      result: '"0x2a"',
    })
    const response = await fetch('https://user:secret@book.example/v3/KEYKEYKEY/sepolia/api/v1/orders', {
      method: 'POST',
      body: '{"sellToken":"0x02"}',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('{"errorType":"InsufficientAllowance","description":"d"}')
    t.emit({
      type: 'decision',
      module: 'stop-loss',
      decision: { uid: '0xaa', decision: 'backoff', backoffSeconds: 600, status: 400 },
    })
    expect(records).toEqual([])
    t.emit({ type: 'dispatch', module: 'stop-loss', event: 'block', chainId: SEPOLIA, number: 42, outcome: 'ok' })
    expect(records).toEqual([
      {
        v: 1,
        chain: SEPOLIA,
        event: 'block',
        block: { number: 42, hash: header.hash, timestamp: header.timestamp },
        module: 'stop-loss',
        request: {
          method: 'POST',
          path: '/api/v1/orders',
          body: { text: '{"sellToken":"0x02"}', length: 20, truncated: false },
        },
        response: {
          status: 400,
          retryAfter: '5',
          body: { text: '{"errorType":"InsufficientAllowance","description":"d"}', length: 55, truncated: false },
        },
        failure: undefined,
        decision: { uid: '0xaa', decision: 'backoff', backoffSeconds: 600, status: 400 },
        rpc: [{ method: 'eth_call', params: [{ to: '0x01' }, 'latest'], result: '0x2a' }],
      },
    ])
    expect(JSON.stringify(records)).not.toMatch(/secret|KEYKEYKEY|book\.example/)
    // The next dispatch starts empty.
    t.emit({ type: 'dispatch', module: 'stop-loss', event: 'block', chainId: SEPOLIA, number: 43, outcome: 'ok' })
    expect(records).toHaveLength(1)
  })

  it('an exchange without an answer carries the failure the module saw', async () => {
    const records: JournalRecord[] = []
    const journal = createDispatchJournal([{ chainId: SEPOLIA }], (r) => records.push(r))
    const fetch = journal.wrapFetch(async () => {
      throw new TypeError('fetch failed')
    })
    await expect(fetch('https://api.cow.fi/sepolia/api/v1/orders', { method: 'POST', body: '{}' })).rejects.toThrow()
    journal.telemetry.emit({
      type: 'host-call',
      module: 'm',
      host: 'cow-api',
      method: 'submitOrder',
      args: [SEPOLIA, '{}'],
      ok: false,
      error: { domain: 'cow-api', kind: 'unavailable', code: 0, message: 'orderbook unreachable: fetch failed' },
    })
    journal.telemetry.emit({
      type: 'dispatch',
      module: 'm',
      event: 'block',
      chainId: SEPOLIA,
      number: 9,
      outcome: 'ok',
    })
    expect(records[0]).toMatchObject({
      response: null,
      failure: 'fetch failed',
      block: { number: 9, hash: null, timestamp: null },
    })
  })
})
