// The served orderbook: plain HTTP on a loopback port, each request handed to the world's own
// orderbook path (`seams.fetch`: the fake orderbook in-process, or behind MSW in Anvil mode) at
// the chain's served root, and its answer sent back byte for byte. The book records every
// exchange (request and answer bodies, the block each came after): that is the journal.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { World } from '../run/world.js'
import type { ClientActivity } from './client-activity.js'
import { readCappedBody } from './read-capped-body.js'

/** Far above the orderbook's own route limits (16 KiB orders, app data's own), which still answer. */
export const MAX_ORDERBOOK_BODY_BYTES = 1024 * 1024

export interface OrderbookServer {
  readonly port: number
  close(): Promise<void>
}

/** A plain HTTP server bound to 127.0.0.1 (port 0: a free one), no handler yet. */
export async function listenLoopback(port: number): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return { server, port: (server.address() as AddressInfo).port }
}

/** Serves the world's orderbook on an already listening server (its port had to be known to build the world). */
export function serveOrderbook(server: Server, world: World, activity: ClientActivity): OrderbookServer {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res))

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const aborted = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort(new Error('the client closed the connection'))
    })
    try {
      const body = await readCappedBody(req, MAX_ORDERBOOK_BODY_BYTES)
      activity.orderbook()
      if (!body.ok) {
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`request body over ${MAX_ORDERBOOK_BODY_BYTES} bytes`)
        return
      }
      const method = (req.method ?? 'GET').toUpperCase()
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value
      const hasBody = method !== 'GET' && method !== 'HEAD' && body.text !== ''
      const answer = await world.seams.fetch(`${origin}${req.url ?? '/'}`, {
        method,
        headers,
        ...(hasBody ? { body: body.text } : {}),
        signal: aborted.signal,
      })
      const text = await answer.text()
      const out: Record<string, string> = {}
      answer.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'transfer-encoding') out[name] = value
      })
      out['content-length'] = String(Buffer.byteLength(text))
      res.writeHead(answer.status, answer.statusText, out)
      res.end(text)
    } catch (error) {
      if (aborted.signal.aborted) return
      // The world refused the request (a path under no root, a cassette without it): say why.
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`the served world could not answer: ${error instanceof Error ? error.message : String(error)}`)
      } else res.destroy()
    }
  }

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
