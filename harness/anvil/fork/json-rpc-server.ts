// A small loopback JSON-RPC-over-HTTP server (single requests and batches), for fork upstreams.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface JsonRpcReply {
  result?: unknown
  error?: { code: number; message: string; data?: unknown } | undefined
}

export interface JsonRpcServer {
  readonly url: string
  close(): Promise<void>
}

export async function startJsonRpcServer(
  answer: (method: string, params: unknown[]) => Promise<JsonRpcReply>,
): Promise<JsonRpcServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }))
      return
    }
    const one = async (message: unknown) => {
      const m = message as { id?: unknown; method?: unknown; params?: unknown }
      let reply: JsonRpcReply
      try {
        reply =
          typeof m?.method === 'string'
            ? await answer(m.method, Array.isArray(m.params) ? m.params : [])
            : { error: { code: -32600, message: 'invalid request' } }
      } catch (error) {
        reply = { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } }
      }
      return { jsonrpc: '2.0', id: m?.id ?? null, ...reply }
    }
    const out = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(out))
  })
  // Anvil keeps its upstream connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
