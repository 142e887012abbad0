// The harness's FakeOrderbook served over plain HTTP on 127.0.0.1 (an ephemeral port): the live
// engine reaches it with its ordinary fetch, no MSW, no internet. Stopped by close().
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { systemClock } from '../../engine/live/system-clock.js'
import { FakeOrderbook } from '../../harness/orderbook/fake-orderbook.js'
import type { OrderbookBehaviour } from '../../harness/scenario/types.js'

export interface OrderbookHttpServer {
  /** The orderbook root for the chain (`http://127.0.0.1:<port>/sepolia`). */
  root: string
  book: FakeOrderbook
  close(): Promise<void>
}

export async function startOrderbookHttpServer(
  chainId: number,
  behaviour: OrderbookBehaviour,
): Promise<OrderbookHttpServer> {
  let root = ''
  let book: FakeOrderbook | undefined
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
      const answer = await book!.handle({
        method: req.method ?? 'GET',
        url: `http://127.0.0.1:${port()}${req.url}`,
        headers,
        body,
      })
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body)
    } catch (error) {
      res.writeHead(599)
      res.end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = () => (server.address() as AddressInfo).port
  root = `http://127.0.0.1:${port()}/sepolia`
  book = await FakeOrderbook.create({ clock: systemClock, behaviour, roots: new Map([[root, chainId]]) })
  return {
    root,
    book,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined
}
