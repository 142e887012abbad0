// A served fixture world, in-process, spoken to as a client would: plain fetch and a WebSocket.
// Hostile input gets JSON-RPC's own errors; subscriptions carry the world's blocks and logs;
// eth_getLogs sees what the world emitted; the control endpoint and the cadence play the script.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { parseScenario } from '../scenario/load-scenario.js'
import { ServedWorld } from './served-world.js'

const TOPIC = `0x${'ab'.repeat(32)}`
const EMITTER = '0x00000000000000000000000000000000000000e1'

const SCENARIO = `
version: 1
name: served world test
engine:
  chains: { 11155111: {} }
steps:
  - block: {}
  - log: { address: "${EMITTER}", topics: ["${TOPIC}"], data: "0x01" }
  - blocks: { count: 2 }
expect:
  orderbook: { posts: 0 }
  decisions: { stop-loss: [] }
`

let served: ServedWorld | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
})

async function serve(options: { quietMs?: number; stepTimeoutMs?: number } = {}): Promise<ServedWorld> {
  const scenario = await parseScenario(SCENARIO, join(MODULES_DIR, '..', 'scenarios', 'x.yaml'), {
    modulesDir: MODULES_DIR,
  })
  served = await ServedWorld.start({
    scenario,
    seed: 1,
    mode: 'fixture',
    rpcPort: 0,
    orderbookPort: 0,
    quietMs: options.quietMs ?? 20,
    stepTimeoutMs: options.stepTimeoutMs ?? 300,
  })
  return served
}

async function rpc(url: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return { status: res.status, json: await res.json() }
}

const call = (method: string, params: unknown[] = [], id = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params })

describe('a served world', () => {
  it('binds loopback only and answers the served methods from the world', async () => {
    const world = await serve()
    expect(world.urls.rpcHttp).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect((await rpc(world.urls.rpcHttp, call('eth_chainId'))).json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: '0xaa36a7',
    })
    expect((await rpc(world.urls.rpcHttp, call('eth_blockNumber'))).json).toMatchObject({ result: '0x6acfc0' })
    expect((await rpc(world.urls.rpcHttp, call('net_version'))).json).toMatchObject({ result: '11155111' })
    expect((await rpc(world.urls.rpcHttp, call('eth_getBalance', [EMITTER, 'latest']))).json).toMatchObject({
      result: '0x0',
    })
  })

  it('answers hostile input with JSON-RPC errors, never a crash', async () => {
    const { urls } = await serve()
    expect((await rpc(urls.rpcHttp, '{"jsonrpc":')).json).toMatchObject({ id: null, error: { code: -32700 } })
    expect((await rpc(urls.rpcHttp, '42')).json).toMatchObject({ id: null, error: { code: -32600 } })
    expect((await rpc(urls.rpcHttp, '[]')).json).toMatchObject({ error: { code: -32600 } })
    expect(
      (await rpc(urls.rpcHttp, JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'eth_chainId' }))).json,
    ).toMatchObject({
      id: 7,
      error: { code: -32600 },
    })
    const unknown = await rpc(urls.rpcHttp, call('eth_sendRawTransaction', ['0x00']))
    expect(unknown.json).toMatchObject({ error: { code: -32601 } })
    expect(JSON.stringify(unknown.json)).toContain('eth_getLogs')
    const batch = await rpc(urls.rpcHttp, `[${call('eth_chainId', [], 1)},{"nope":1},${call('eth_foo', [], 3)}]`)
    expect(batch.json).toMatchObject([
      { id: 1, result: '0xaa36a7' },
      { error: { code: -32600 } },
      { id: 3, error: { code: -32601 } },
    ])
    const huge = await rpc(urls.rpcHttp, `{"x":"${'a'.repeat(1024 * 1024 + 10)}"}`)
    expect(huge.status).toBe(413)
    expect(huge.json).toMatchObject({ error: { code: -32600 } })
    const deep = await rpc(urls.rpcHttp, `${'['.repeat(50_000)}${']'.repeat(50_000)}`)
    // A JSON array is a batch: its one entry, a nested array, is not a request.
    expect(deep.json).toMatchObject([{ id: null, error: { code: -32600 } }])
    // Still serving after all that.
    expect((await rpc(urls.rpcHttp, call('eth_chainId'))).json).toMatchObject({ result: '0xaa36a7' })
    expect((await fetch(`${urls.control}/nope`)).status).toBe(404)
  })

  it('pushes the blocks and logs the script plays to WebSocket subscribers, and eth_getLogs finds the logs', async () => {
    const world = await serve()
    const ws = new WebSocket(world.urls.rpcWs)
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const messages: Record<string, unknown>[] = []
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())))
    const replyTo = (id: number) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const look = () => {
          const found = messages.find((m) => m.id === id)
          if (found) resolve(found)
          else setTimeout(look, 5)
        }
        look()
      })
    ws.send(call('eth_subscribe', ['newHeads'], 1))
    ws.send(call('eth_subscribe', ['logs', { address: EMITTER, topics: [TOPIC] }], 2))
    ws.send(call('eth_subscribe', ['logs', { topics: [`0x${'cd'.repeat(32)}`] }], 3))
    const heads = (await replyTo(1)).result as string
    const logs = (await replyTo(2)).result as string
    const other = (await replyTo(3)).result as string
    ws.send(call('eth_unsubscribe', [other], 4))
    expect((await replyTo(4)).result).toBe(true)
    await world.run()
    ws.close()
    const notes = messages.filter((m) => m.method === 'eth_subscription') as {
      params: { subscription: string; result: Record<string, string> }
    }[]
    expect(notes.filter((n) => n.params.subscription === heads).map((n) => Number(n.params.result.number))).toEqual([
      7_000_000, 7_000_001, 7_000_002,
    ])
    const logNotes = notes.filter((n) => n.params.subscription === logs)
    expect(logNotes.map((n) => n.params.result)).toEqual([
      expect.objectContaining({ address: EMITTER, topics: [TOPIC], data: '0x01', blockNumber: '0x6acfc0' }),
    ])
    expect(notes.some((n) => n.params.subscription === other)).toBe(false)
    const found = await rpc(world.urls.rpcHttp, call('eth_getLogs', [{ fromBlock: '0x0', topics: [TOPIC] }]))
    expect(found.json).toMatchObject({ result: [{ address: EMITTER, data: '0x01' }] })
    const none = await rpc(world.urls.rpcHttp, call('eth_getLogs', [{ fromBlock: '0x6acfc1', topics: [TOPIC] }]))
    expect(none.json).toMatchObject({ result: [] })
    expect(world.activity.report().subscriptions).toEqual({ logs: 2, newHeads: 1 })
  })

  it('steps on the control endpoint, and judges only what can be seen from outside', async () => {
    const world = await serve()
    const state = async () => (await fetch(`${world.urls.control}/state`)).json()
    expect(await state()).toMatchObject({ played: 0, total: 4, next: 'steps[0]', done: false })
    const stepped = await fetch(`${world.urls.control}/step`, { method: 'POST' })
    expect(await stepped.json()).toMatchObject({ played: 1, next: 'steps[1]', heads: { '11155111': 7_000_000 } })
    expect((await fetch(`${world.urls.control}/step`)).status).toBe(405)
    await fetch(`${world.urls.control}/run`, { method: 'POST' })
    expect(await state()).toMatchObject({ played: 4, done: true, heads: { '11155111': 7_000_002 } })
    expect((await fetch(`${world.urls.control}/step`, { method: 'POST' })).status).toBe(409)
    const report = await world.finish()
    expect(report.held).toBe(true)
    expect(report.unjudged).toEqual(['expect.decisions'])
    expect(report.played.map((p) => p.at)).toEqual(['steps[0]', 'steps[1]', 'steps[2][0]', 'steps[2][1]'])
  })

  it('on a cadence, plays a block per tick of virtual time and refuses commands', async () => {
    const world = await serve()
    world.startCadence(12_000, 20)
    expect((await fetch(`${world.urls.control}/step`, { method: 'POST' })).status).toBe(409)
    while (!world.done) await new Promise((resolve) => setTimeout(resolve, 10))
    // The declared head, then two blocks 12 s apart: the clock stands at the last one's time.
    const head = world.world.head(11155111)
    expect(head).toMatchObject({ number: 7_000_002, timestamp: 1_750_000_024 })
    expect(world.world.clock.now()).toBe(1_750_000_024_000)
  })
})
