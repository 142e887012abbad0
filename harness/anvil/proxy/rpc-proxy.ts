// A loopback JSON-RPC proxy between the engine's live transports and one anvil, controlled by the
// harness. WebSocket: one upstream socket per engine socket; requests pass through `intercept`
// (canned answers, scripted delays, no answer: the scenario's `rpc` rules), and the node's
// subscription notifications are held until the harness releases them, so blocks and logs reach
// the engine at the step that scripts them, in the order the step gives. HTTP: POST bodies pass
// through the same `intercept`. `dropConnections` closes the engine's sockets, as a node going
// away does. Listens on 127.0.0.1 on a free port.
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'
import {
  isNotification,
  isRequest,
  isResponse,
  parseJson,
  type RpcRequestMessage,
  type RpcResponseMessage,
} from './json-rpc-message.js'
import { BaseError } from '../../../engine/errors/base-error.js'

export type Interception =
  | { kind: 'forward' }
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; error: { code: number; message: string; data?: unknown } }

export interface RpcProxyOptions {
  /** anvil's HTTP URL (`http://127.0.0.1:PORT`); its WebSocket is the same port. */
  upstream: string
  /** Decides each engine request; may take (virtual) time, or never settle. Default: forward. */
  intercept?: ((method: string, params: unknown[]) => Interception | Promise<Interception>) | undefined
  /** Called when an engine socket closes, for whatever reason. */
  onEngineSocketClosed?: (() => void) | undefined
}

export type SubscriptionKind = 'newHeads' | 'logs'

export interface ProxiedSubscription {
  readonly connection: number
  readonly id: string
  readonly kind: SubscriptionKind
  /** The `logs` filter as the engine sent it; undefined for newHeads. */
  readonly filter: { address?: string; topics?: (string | null)[] } | undefined
}

export interface HeldNotification {
  readonly subscription: ProxiedSubscription
  readonly result: unknown
}

export interface RpcProxy {
  readonly httpUrl: string
  readonly wsUrl: string
  subscriptions(): ProxiedSubscription[]
  /** Notifications the node sent for open engine subscriptions, not yet released or discarded. */
  held(): readonly HeldNotification[]
  /** Resolves once `held()` satisfies the predicate; rejects after `timeoutMs` of real time naming `what`. */
  waitForHeld(predicate: (held: readonly HeldNotification[]) => boolean, timeoutMs: number, what: string): Promise<void>
  /** Sends a held notification on to the engine (dropped if its socket closed meanwhile). */
  release(notification: HeldNotification): void
  discard(notification: HeldNotification): void
  /** Sends the engine a notification the node never sent (e.g. an unreadable item). */
  inject(subscription: ProxiedSubscription, result: unknown): boolean
  /** Closes every engine socket; returns how many were open. */
  dropConnections(): number
  /** Engine sockets open now. */
  connections(): number
  close(): Promise<void>
}

export class RpcProxyError extends BaseError {
  override readonly name = 'RpcProxyError'
}

interface Connection {
  id: number
  engine: WebSocket
  upstream: WebSocket
  /** Engine messages waiting for the upstream socket to open. */
  queue: string[]
  /** Request id → method, for the requests forwarded upstream. */
  pending: Map<string, { method: string; params: unknown[] }>
}

export async function startRpcProxy(options: RpcProxyOptions): Promise<RpcProxy> {
  const upstreamHttp = new URL(options.upstream)
  const upstreamWs = `ws://${upstreamHttp.host}`
  const intercept = options.intercept ?? (() => ({ kind: 'forward' }) as const)
  const connections = new Map<number, Connection>()
  const subscriptions = new Map<string, ProxiedSubscription>()
  let held: HeldNotification[] = []
  const waiters = new Set<() => void>()
  let nextConnection = 1
  let closed = false

  const changed = () => {
    for (const wake of [...waiters]) wake()
  }

  const server: Server = createServer((req, res) => void serveHttp(req, res))
  const wss = new WebSocketServer({ server })

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const message = parseJson(body)
    const answer = (payload: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(payload))
    }
    if (req.method !== 'POST' || !isRequest(message)) {
      // Batches and anything unusual go to the node as they are.
      forwardHttp(body, res)
      return
    }
    const plan = await intercept(message.method, message.params ?? [])
    if (plan.kind === 'forward') forwardHttp(body, res)
    else answer(localAnswer(message, plan))
  }

  function forwardHttp(body: string, res: ServerResponse): void {
    const upstream = request(
      {
        host: upstreamHttp.hostname,
        port: upstreamHttp.port,
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' })
        answer.pipe(res)
      },
    )
    upstream.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    upstream.end(body)
  }

  wss.on('connection', (engine) => {
    const id = nextConnection++
    const upstream = new WebSocket(upstreamWs)
    const connection: Connection = { id, engine, upstream, queue: [], pending: new Map() }
    connections.set(id, connection)

    upstream.on('open', () => {
      for (const text of connection.queue.splice(0)) upstream.send(text)
    })
    upstream.on('message', (data) => {
      // anvil's WebSocket server leaves Nagle on: its next frame (the newHeads of the block mined
      // next) waits for our ACK of this one, and Linux delays a bare ACK up to 40 ms. An
      // unsolicited pong (RFC 6455 §5.5.3: never answered) carries the ACK at once: 40 ms → ~2 ms
      // per block in Anvil mode (docs/performance.md, anvil-100-blocks).
      if (upstream.readyState === WebSocket.OPEN) upstream.pong()
      onUpstream(connection, data.toString())
    })
    const end = () => {
      if (!connections.delete(id)) return
      for (const [subId, sub] of subscriptions) if (sub.connection === id) subscriptions.delete(subId)
      held = held.filter((h) => h.subscription.connection !== id)
      engine.terminate()
      upstream.terminate()
      changed()
      options.onEngineSocketClosed?.()
    }
    upstream.on('close', end)
    upstream.on('error', end)
    engine.on('close', end)
    engine.on('error', end)
    engine.on('message', (data) => void onEngine(connection, data.toString()))
  })

  async function onEngine(connection: Connection, text: string): Promise<void> {
    const message = parseJson(text)
    if (!isRequest(message)) return sendUpstream(connection, text)
    const params = message.params ?? []
    const plan = await intercept(message.method, params)
    if (!connections.has(connection.id)) return
    if (plan.kind !== 'forward') {
      connection.engine.send(JSON.stringify(localAnswer(message, plan)))
      return
    }
    if (message.method === 'eth_unsubscribe' && typeof params[0] === 'string') {
      subscriptions.delete(params[0])
      held = held.filter((h) => h.subscription.id !== params[0])
      changed()
    }
    connection.pending.set(String(message.id), { method: message.method, params })
    sendUpstream(connection, text)
  }

  function sendUpstream(connection: Connection, text: string): void {
    if (connection.upstream.readyState === WebSocket.OPEN) connection.upstream.send(text)
    else if (connection.upstream.readyState === WebSocket.CONNECTING) connection.queue.push(text)
  }

  function onUpstream(connection: Connection, text: string): void {
    const message = parseJson(text)
    if (isNotification(message)) {
      const subscription = subscriptions.get(message.params.subscription)
      // A notification for a subscription the engine no longer has: nobody to tell.
      if (!subscription) return
      held.push({ subscription, result: message.params.result })
      changed()
      return
    }
    if (isResponse(message)) {
      const request = connection.pending.get(String(message.id))
      connection.pending.delete(String(message.id))
      if (request?.method === 'eth_subscribe' && typeof message.result === 'string') {
        const kind = request.params[0]
        if (kind === 'newHeads' || kind === 'logs')
          subscriptions.set(message.result, {
            connection: connection.id,
            id: message.result,
            kind,
            filter: kind === 'logs' ? (request.params[1] as ProxiedSubscription['filter']) : undefined,
          })
      }
    }
    if (connection.engine.readyState === WebSocket.OPEN) connection.engine.send(text)
  }

  function notify(subscription: ProxiedSubscription, result: unknown): boolean {
    const connection = connections.get(subscription.connection)
    if (!connection || connection.engine.readyState !== WebSocket.OPEN) return false
    connection.engine.send(
      JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: subscription.id, result } }),
    )
    return true
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    subscriptions: () => [...subscriptions.values()],
    held: () => held,
    waitForHeld(predicate, timeoutMs, what) {
      if (predicate(held)) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new RpcProxyError(`anvil did not send ${what} within ${timeoutMs} ms`))
        }, timeoutMs)
        const check = () => {
          if (!predicate(held)) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
      })
    },
    release(notification) {
      held = held.filter((h) => h !== notification)
      notify(notification.subscription, notification.result)
    },
    discard(notification) {
      held = held.filter((h) => h !== notification)
    },
    inject: notify,
    dropConnections() {
      const open = [...connections.values()]
      for (const c of open) {
        c.engine.terminate()
        c.upstream.terminate()
      }
      return open.length
    },
    connections: () => connections.size,
    async close() {
      if (closed) return
      closed = true
      for (const c of connections.values()) {
        c.engine.terminate()
        c.upstream.terminate()
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function localAnswer(message: RpcRequestMessage, plan: Exclude<Interception, { kind: 'forward' }>): RpcResponseMessage {
  return plan.kind === 'result'
    ? { jsonrpc: '2.0', id: message.id, result: plan.result }
    : { jsonrpc: '2.0', id: message.id, error: plan.error }
}
