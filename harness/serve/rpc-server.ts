// The served JSON-RPC endpoint: HTTP POST and WebSocket on one loopback port (as geth and anvil
// serve both), `/` for the lowest chain and `/chain/<id>` for each chain, plus the control
// endpoint under `/control/` (decision 0191). Requests are checked before the world sees them:
// bodies capped, malformed JSON -32700, non-requests -32600, unknown methods -32601.
// Subscriptions read the world's own streams (its SourceFactory), so a `drop:` step closes the
// subscriber's socket and an `error:` step sends it an unreadable notification.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'
import type { EventStream, LogFilter } from '../../engine/sources/source.js'
import { RpcError } from '../../engine/transport/rpc-transport.js'
import type { World } from '../run/world.js'
import type { ClientActivity } from './client-activity.js'
import {
  errorReply,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  isCall,
  MAX_RPC_BODY_BYTES,
  parseRpcBody,
  type RpcCall,
  type RpcReply,
  resultReply,
} from './json-rpc-wire.js'
import { LogFilterError, logMatches, parseLogFilter } from './log-filter.js'
import { readCappedBody } from './read-capped-body.js'
import { rpcLog, type ServedRpc } from './served-rpc.js'

export interface ControlAnswer {
  status: number
  body: unknown
}

export type ControlHandler = (method: string, path: string, body: string) => Promise<ControlAnswer>

export interface RpcServer {
  readonly port: number
  close(): Promise<void>
  /** Closes every client socket (used at shutdown). */
  dropClients(): void
}

export interface RpcServerOptions {
  /** Already listening on 127.0.0.1 (listenLoopback). */
  server: Server
  world: World
  rpc: ServedRpc
  activity: ClientActivity
  control: ControlHandler
}

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const { world, rpc, activity } = options
  const sockets = new Set<WebSocket>()
  const server = options.server
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void serveHttp(req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_RPC_BODY_BYTES })
  let nextSubscription = 1

  const chainOf = (url: string | undefined): number | undefined => {
    const path = new URL(url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/' || path === '') return rpc.chainIds()[0]
    const m = /^\/chain\/([0-9]+)\/?$/.exec(path)
    const id = m ? Number(m[1]) : undefined
    return id !== undefined && rpc.chainIds().includes(id) ? id : undefined
  }

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      if (path.startsWith('/control/') || path === '/control') {
        const body = await readCappedBody(req, 64 * 1024)
        if (!body.ok) return sendJson(res, 413, { error: 'control request body over 64 KiB' })
        const answer = await options.control(req.method ?? 'GET', path, body.text)
        return sendJson(res, answer.status, answer.body)
      }
      const chainId = chainOf(req.url)
      if (chainId === undefined) return sendJson(res, 404, { error: `no chain served at ${path}` })
      if (req.method !== 'POST')
        return sendJson(res, 405, errorReply(null, INVALID_REQUEST, 'Invalid Request: JSON-RPC is POSTed'))
      const body = await readCappedBody(req, MAX_RPC_BODY_BYTES)
      if (!body.ok) {
        activity.rejectedBody()
        return sendJson(
          res,
          413,
          errorReply(null, INVALID_REQUEST, `Invalid Request: a body of at most ${MAX_RPC_BODY_BYTES} bytes`),
        )
      }
      const reply = await answerBody(body.text, chainId, undefined)
      if (reply === undefined) {
        res.writeHead(204)
        res.end()
        return
      }
      sendJson(res, 200, reply)
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, errorReply(null, INTERNAL_ERROR, describe(error)))
      else res.destroy()
    }
  }

  /** One body's reply (a list for a batch); undefined when it held only notifications. */
  async function answerBody(text: string, chainId: number, socket: WebSocket | undefined) {
    const parsed = parseRpcBody(text)
    if (parsed.kind === 'error') {
      activity.rejectedBody()
      return parsed.reply
    }
    if (parsed.kind === 'single') {
      const reply = isCall(parsed.entry) ? await answerCall(parsed.entry, chainId, socket) : parsed.entry
      return reply
    }
    const replies: RpcReply[] = []
    for (const entry of parsed.entries) {
      const reply = isCall(entry) ? await answerCall(entry, chainId, socket) : entry
      if (reply) replies.push(reply)
    }
    return replies.length ? replies : undefined
  }

  async function answerCall(
    call: RpcCall,
    chainId: number,
    socket: WebSocket | undefined,
  ): Promise<RpcReply | undefined> {
    let reply: RpcReply
    try {
      const result =
        socket && call.method === 'eth_subscribe'
          ? await subscribe(socket, chainId, call.params)
          : socket && call.method === 'eth_unsubscribe'
            ? unsubscribe(socket, call.params)
            : await rpc.call(chainId, call.method, call.params, socket !== undefined)
      reply = resultReply(call.id, result)
    } catch (error) {
      reply =
        error instanceof RpcError
          ? errorReply(call.id, error.code, error.message, error.data)
          : errorReply(call.id, INTERNAL_ERROR, describe(error))
    }
    return call.notification ? undefined : reply
  }

  const streamsOf = new Map<WebSocket, Map<string, EventStream<unknown>>>()

  async function subscribe(socket: WebSocket, chainId: number, params: unknown[]): Promise<string> {
    const kind = params[0]
    let stream: EventStream<unknown>
    let accept: (value: unknown) => boolean = () => true
    if (kind === 'newHeads') {
      activity.subscribed('newHeads')
      stream = await world.seams.sources.openBlocks(chainId)
    } else if (kind === 'logs') {
      activity.subscribed('logs')
      let query: ReturnType<typeof parseLogFilter>
      try {
        query = parseLogFilter(params[1] ?? {}, 0)
      } catch (error) {
        if (error instanceof LogFilterError) throw new RpcError(INVALID_PARAMS, `invalid argument 1: ${error.message}`)
        throw error
      }
      // A subscription has no block range; the world routes by one address and topic 0 at most,
      // the rest of the filter is applied here.
      const unbounded = { ...query, fromBlock: undefined, toBlock: undefined }
      const filter: LogFilter = {}
      if (query.addresses?.length === 1) filter.address = query.addresses[0] as LogFilter['address']
      if (query.topics[0]?.length === 1) filter.topic0 = query.topics[0][0] as LogFilter['topic0']
      stream = await world.seams.sources.openLogs(chainId, filter, `served-client-${nextSubscription}`)
      accept = (log) => logMatches(unbounded, log as Parameters<typeof logMatches>[1])
    } else {
      activity.refused(`eth_subscribe(${String(kind)})`)
      throw new RpcError(INVALID_PARAMS, `unsupported subscription kind ${JSON.stringify(kind)}: newHeads or logs`)
    }
    const id = `0x${(nextSubscription++).toString(16).padStart(32, '0')}`
    const own = streamsOf.get(socket) ?? new Map<string, EventStream<unknown>>()
    streamsOf.set(socket, own)
    own.set(id, stream)
    void pump(socket, chainId, id, kind, stream, accept)
    return id
  }

  async function pump(
    socket: WebSocket,
    chainId: number,
    id: string,
    kind: 'newHeads' | 'logs',
    stream: EventStream<unknown>,
    accept: (value: unknown) => boolean,
  ): Promise<void> {
    // The subscription's id reaches the client before its first notification.
    await new Promise((resolve) => setImmediate(resolve))
    for await (const item of stream) {
      if (socket.readyState !== WebSocket.OPEN) break
      if (!item.ok) {
        notify(socket, id, null)
        continue
      }
      if (kind === 'logs') {
        if (accept(item.value)) notify(socket, id, rpcLog(item.value as Parameters<typeof rpcLog>[0]))
        continue
      }
      const header = item.value as { number: number; hash: string; timestamp: number }
      notify(socket, id, await headNotification(chainId, header))
      // Sent is not seen: the client's pong to a ping sent after the notification shows its
      // process read the socket that far (a starved or still-booting client answers late).
      pongsOf(socket).push(() => activity.sawHead(chainId, header.number))
      socket.ping()
    }
    // The world ended the stream (a `drop:` step): the client's socket closes, as a node going away.
    if (streamsOf.get(socket)?.has(id)) socket.terminate()
  }

  async function headNotification(chainId: number, header: { number: number; hash: string; timestamp: number }) {
    let block: Record<string, unknown> = {}
    try {
      const full = await world.seams.rpc
        .forChain(chainId)
        ?.request('eth_getBlockByNumber', [`0x${header.number.toString(16)}`, false])
      if (full && typeof full === 'object') block = { ...(full as Record<string, unknown>) }
    } catch {
      // The header alone still tells the client the number, hash and time.
    }
    delete block.transactions
    delete block.uncles
    delete block.size
    delete block.totalDifficulty
    return {
      ...block,
      number: `0x${header.number.toString(16)}`,
      hash: header.hash,
      timestamp: `0x${header.timestamp.toString(16)}`,
    }
  }

  const pongs = new Map<WebSocket, (() => void)[]>()
  function pongsOf(socket: WebSocket): (() => void)[] {
    let waiting = pongs.get(socket)
    if (!waiting) {
      waiting = []
      pongs.set(socket, waiting)
      const list = waiting
      socket.on('pong', () => list.shift()?.())
    }
    return waiting
  }

  function unsubscribe(socket: WebSocket, params: unknown[]): boolean {
    const id = params[0]
    const own = streamsOf.get(socket)
    if (typeof id !== 'string' || !own?.has(id)) return false
    const stream = own.get(id)!
    own.delete(id)
    stream.close()
    return true
  }

  function notify(socket: WebSocket, subscription: string, result: unknown): void {
    if (socket.readyState === WebSocket.OPEN)
      socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription, result } }))
  }

  server.on('upgrade', (req, socket, head) => {
    const chainId = chainOf(req.url)
    if (chainId === undefined) {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const closeAll = () => {
        sockets.delete(ws)
        pongs.delete(ws)
        const own = streamsOf.get(ws)
        streamsOf.delete(ws)
        for (const stream of own?.values() ?? []) stream.close()
      }
      ws.on('close', closeAll)
      ws.on('error', closeAll)
      // One message at a time per socket, in arrival order, as a node answers them.
      let queue = Promise.resolve()
      ws.on('message', (data, isBinary) => {
        queue = queue.then(async () => {
          if (isBinary) {
            activity.rejectedBody()
            ws.send(
              JSON.stringify(errorReply(null, INVALID_REQUEST, 'Invalid Request: binary frames are not JSON-RPC')),
            )
            return
          }
          const reply = await answerBody(data.toString(), chainId, ws)
          if (reply !== undefined && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(reply))
        })
      })
    })
  })

  const { port } = server.address() as AddressInfo
  return {
    port,
    dropClients() {
      for (const ws of sockets) ws.terminate()
    },
    async close() {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
