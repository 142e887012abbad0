// The proxy between the engine's real live transports (viem WebSocket, eth_subscribe sources) and
// a real anvil: pass-through, scripted answers, held notifications, dropped sockets.
import { afterEach, describe, expect, it } from 'vitest'
import type { BlockHeader, EventStream, StreamItem } from '../../../engine/sources/source.js'
import { createWsSources } from '../../../engine/sources/ws-sources.js'
import { RpcError } from '../../../engine/transport/rpc-transport.js'
import { createViemRpcTransports } from '../../../engine/transport/viem-rpc-transports.js'
import { nodeRpc } from '../node-rpc.js'
import { startAnvil } from '../start-anvil.js'
import { type Interception, type RpcProxy, startRpcProxy } from './rpc-proxy.js'

const CHAIN = 11155111
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(intercept?: (method: string) => Interception | Promise<Interception>) {
  const anvil = await startAnvil({ chainId: CHAIN, timestamp: 1_750_000_000 })
  cleanups.push(() => anvil.stop())
  const proxy = await startRpcProxy({ upstream: anvil.url, intercept })
  cleanups.push(() => proxy.close())
  const chains = [{ chainId: CHAIN, rpcUrl: proxy.wsUrl }]
  const rpc = createViemRpcTransports(chains)
  cleanups.push(() => rpc.close())
  await rpc.connect()
  const sources = createWsSources(chains, rpc)
  cleanups.push(() => sources.close())
  return { anvil, node: nodeRpc(anvil.url), proxy, rpc: rpc.forChain(CHAIN)!, sources }
}

async function next<T>(stream: EventStream<T>): Promise<IteratorResult<StreamItem<T>>> {
  return stream[Symbol.asyncIterator]().next()
}

async function settleSubscriptions(proxy: RpcProxy, count: number): Promise<void> {
  for (let i = 0; i < 200 && proxy.subscriptions().length < count; i++) await new Promise((r) => setTimeout(r, 5))
}

describe('the JSON-RPC proxy', () => {
  it('passes requests through to the node', async () => {
    const { rpc } = await setup()
    expect(await rpc.request('eth_chainId', [])).toBe('0xaa36a7')
  })

  it('answers a request itself when the harness says so: a result, or a node error', async () => {
    const { rpc } = await setup((method) =>
      method === 'eth_blockNumber'
        ? { kind: 'result', result: '0x2a' }
        : method === 'eth_gasPrice'
          ? { kind: 'error', error: { code: -32005, message: 'limit exceeded', data: '0x01' } }
          : { kind: 'forward' },
    )
    expect(await rpc.request('eth_blockNumber', [])).toBe('0x2a')
    const error = await rpc.request('eth_gasPrice', []).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect((error as RpcError).code).toBe(-32005)
  })

  it('holds newHeads until released, then the engine stream yields the real header', async () => {
    const { node, proxy, sources } = await setup()
    const stream = await sources.openBlocks(CHAIN)
    await settleSubscriptions(proxy, 1)
    await node.call('evm_setNextBlockTimestamp', [1_750_000_012])
    await node.call('evm_mine')
    await proxy.waitForHeld((held) => held.length === 1, 5_000, 'one newHeads')
    const pending = next(stream)
    let yielded = false
    void pending.then(() => (yielded = true))
    await new Promise((r) => setTimeout(r, 50))
    expect(yielded).toBe(false)
    proxy.release(proxy.held()[0]!)
    const item = (await pending).value as StreamItem<BlockHeader>
    expect(item).toEqual({ ok: true, value: expect.objectContaining({ number: 1, timestamp: 1_750_000_012 }) })
  })

  it('an injected unreadable notification is an error item; a dropped socket ends the stream', async () => {
    const { proxy, sources } = await setup()
    const stream = await sources.openBlocks(CHAIN)
    await settleSubscriptions(proxy, 1)
    expect(proxy.inject(proxy.subscriptions()[0]!, { number: 'not a number' })).toBe(true)
    const item = (await next(stream)).value as StreamItem<BlockHeader>
    expect(item.ok).toBe(false)
    expect(proxy.dropConnections()).toBe(1)
    expect((await next(stream)).done).toBe(true)
  })

  it('serves HTTP JSON-RPC through the same interception', async () => {
    const { proxy } = await setup((method) =>
      method === 'eth_blockNumber' ? { kind: 'result', result: '0x7' } : { kind: 'forward' },
    )
    const viaHttp = nodeRpc(proxy.httpUrl)
    expect(await viaHttp.call('eth_blockNumber')).toBe('0x7')
    expect(await viaHttp.call('eth_chainId')).toBe('0xaa36a7')
  })
})
