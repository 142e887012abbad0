import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { RpcError } from './rpc-transport.js'
import { ConnectChainError, RpcTransportFailure, createViemRpcTransports, toRpcFailure } from './viem-rpc-transports.js'

// A tiny JSON-RPC node over http: answers each request with the reply the test chose.
type Reply = { status?: number; body: unknown } | 'hang'
async function startNode(reply: (request: { method: string; params: unknown[] }) => Reply) {
  const seen: { method: string; params: unknown[] }[] = []
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = ''
    for await (const chunk of req) text += chunk
    const request = JSON.parse(text) as { id: number; method: string; params: unknown[] }
    seen.push({ method: request.method, params: request.params })
    const answer = reply(request)
    if (answer === 'hang') return
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, ...(answer.body as object) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  servers.push(server)
  return { url, seen }
}
const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

describe('createViemRpcTransports over http', () => {
  it('returns the result of a request', async () => {
    const node = await startNode(() => ({ body: { result: '0xaa36a7' } }))
    const rpc = createViemRpcTransports([{ chainId: 11155111, rpcUrl: node.url }])
    expect(await rpc.forChain(11155111)!.request('eth_chainId', [])).toBe('0xaa36a7')
    expect(node.seen).toEqual([{ method: 'eth_chainId', params: [] }])
  })

  it('has no transport for a chain without rpc_url, or not configured', () => {
    const rpc = createViemRpcTransports([{ chainId: 1 }])
    expect(rpc.forChain(1)).toBeUndefined()
    expect(rpc.forChain(5)).toBeUndefined()
  })

  it('maps a node error to RpcError with the node code, message and data (revert data survives)', async () => {
    const node = await startNode(() => ({
      body: { error: { code: 3, message: 'execution reverted', data: '0xc8fc2725' } },
    }))
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: node.url }])
    const error = await rpc
      .forChain(1)!
      .request('eth_call', [{}])
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect(error).toMatchObject({ code: 3, message: 'execution reverted', data: '0xc8fc2725' })
  })

  it('maps a well-known code (viem wraps -32603 in its own class) back to the node error', async () => {
    const node = await startNode(() => ({ body: { error: { code: -32603, message: 'boom', data: { x: 1 } } } }))
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: node.url }])
    await expect(rpc.forChain(1)!.request('eth_call', [])).rejects.toMatchObject({
      name: 'RpcError',
      code: -32603,
      message: 'boom',
      data: { x: 1 },
    })
  })

  it('does not retry: a retriable failure reaches the engine after one attempt', async () => {
    const node = await startNode(() => ({ status: 503, body: { error: { code: -32005, message: 'limit exceeded' } } }))
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: node.url }])
    await expect(rpc.forChain(1)!.request('eth_blockNumber', [])).rejects.toMatchObject({ code: -32005 })
    expect(node.seen).toHaveLength(1)
  })

  it('reports a connection failure as a transport failure, not a node error', async () => {
    const node = await startNode(() => ({ body: { result: null } }))
    const url = node.url
    await afterEachClose()
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: url }])
    const error = await rpc
      .forChain(1)!
      .request('eth_chainId', [])
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcTransportFailure)
    expect(error).not.toBeInstanceOf(RpcError)
  })

  it('rejects with the abort reason when the caller aborts (the engine owns deadlines)', async () => {
    const node = await startNode(() => 'hang')
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: node.url }], { timeoutMs: 0 })
    const abort = new AbortController()
    const pending = rpc.forChain(1)!.request('eth_chainId', [], { signal: abort.signal })
    const reason = new Error('deadline')
    abort.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  it('connect() is a no-op for http chains (they are not dialled at boot, as in the Rust engine)', async () => {
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: 'http://127.0.0.1:1' }])
    await expect(rpc.connect()).resolves.toBeUndefined()
    await rpc.close()
  })
})

describe('createViemRpcTransports over WebSocket', () => {
  it('connect() fails with the Rust engine’s wording when the socket cannot be dialled', async () => {
    const rpc = createViemRpcTransports([{ chainId: 11155111, rpcUrl: 'ws://127.0.0.1:1' }])
    const error = await rpc.connect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectChainError)
    expect((error as Error).message).toMatch(/^connect chain 11155111: .*ECONNREFUSED/)
    await rpc.close()
  })

  it('subscribe is refused for an http chain', async () => {
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: 'http://127.0.0.1:1' }])
    await expect(rpc.forChain(1)!.subscribe(['newHeads'], { onData() {}, onError() {} })).rejects.toThrow(
      /not a WebSocket chain/,
    )
  })
})

describe('toRpcFailure', () => {
  it('turns a bare JSON-RPC error object into an RpcError', () => {
    expect(toRpcFailure({ code: -32601, message: 'method not found' })).toMatchObject({
      name: 'RpcError',
      code: -32601,
    })
  })
  it('turns anything else into a transport failure with a readable message', () => {
    const failure = toRpcFailure({ type: 'error', message: 'connect ECONNREFUSED 127.0.0.1:1' })
    expect(failure).toBeInstanceOf(RpcTransportFailure)
    expect(failure.message).toBe('connect ECONNREFUSED 127.0.0.1:1')
  })
})

async function afterEachClose() {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

describe('the WebSocket transport caps incoming messages (hostile input, decision 0029)', () => {
  it('answers and subscribes under the cap; a larger message ends the subscription with an error naming the cap', async () => {
    const { WebSocketServer } = await import('ws')
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    const port = (wss.address() as AddressInfo).port
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { id: number; method: string }
        if (m.method === 'eth_chainId') ws.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: '0x1' }))
        if (m.method === 'eth_subscribe') {
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: '0xs1' }))
          const note = (result: unknown) =>
            ws.send(
              JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: '0xs1', result } }),
            )
          note({ small: true })
          note({ big: 'x'.repeat(64 * 1024) })
        }
      })
    })
    const rpc = createViemRpcTransports([{ chainId: 1, rpcUrl: `ws://127.0.0.1:${port}` }], { maxMessageBytes: 4096 })
    try {
      const chain = rpc.forChain(1)!
      await chain.connect()
      expect(await chain.request('eth_chainId', [])).toBe('0x1')
      const data: unknown[] = []
      const ended = new Promise<Error>((resolve) =>
        chain.subscribe(['newHeads'], { onData: (d) => data.push(d), onError: resolve }),
      )
      const error = await ended
      expect(data).toEqual([{ small: true }])
      expect(error.message).toContain('a message from the node exceeded the 4096-byte cap')
    } finally {
      await rpc.close()
      for (const c of wss.clients) c.terminate()
      await new Promise((resolve) => wss.close(resolve))
    }
  })
})
