// viem's webSocket transport, with one change: incoming messages are capped. viem dials
// `new WebSocket(url)` with no options, so `ws` accepts messages up to 100 MiB, each parsed whole:
// a hostile or broken node could push the engine's memory up by that much per message. Here the
// socket is dialled with `maxPayload`; a larger message closes the socket (the subscriptions end,
// the engine exits 3 for a restart) with an error naming the cap (decision 0029).
import { RpcRequestError } from 'viem'
import { getSocketRpcClient, type SocketRpcClient } from 'viem/utils'
import WebSocket from 'ws'

/** The largest JSON-RPC message the engine reads from a node's WebSocket. */
export const MAX_RPC_MESSAGE_BYTES = 16 * 1024 * 1024

export interface CappedWebSocketOptions {
  maxMessageBytes?: number | undefined
  /** Per-request timeout (ms). */
  timeout: number
  reconnect: { attempts: number; delay: number }
}

export interface CappedWebSocketTransport {
  request(args: { method: string; params?: unknown }): Promise<unknown>
  value: {
    getRpcClient(): Promise<SocketRpcClient<WebSocket>>
    subscribe(args: {
      params: unknown
      onData: (data: unknown) => void
      onError: (error: unknown) => void
    }): Promise<{ unsubscribe(): Promise<unknown> }>
  }
}

export function cappedWebSocket(url: string, options: CappedWebSocketOptions): CappedWebSocketTransport {
  const max = options.maxMessageBytes ?? MAX_RPC_MESSAGE_BYTES
  // viem reports the close that follows as "socket closed": the cause is kept to be named instead.
  let capExceeded: Error | undefined
  const getRpcClient = () =>
    getSocketRpcClient<WebSocket>({
      key: `capped-webSocket-${max}`,
      url,
      reconnect: options.reconnect,
      keepAlive: true,
      async getSocket({ onClose, onError, onOpen, onResponse }) {
        const socket = new WebSocket(url, { maxPayload: max })
        const onMessage = ({ data }: WebSocket.MessageEvent) => {
          if (typeof data === 'string' && data.trim().length === 0) return
          try {
            onResponse(JSON.parse(String(data)))
          } catch (error) {
            onError(error as Error)
          }
        }
        // The cap is seen on the emitter's 'error' (the EventTarget wrapper does not carry it).
        socket.on('error', (error: Error & { code?: string }) => {
          if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
            capExceeded = new Error(`a message from the node exceeded the ${max}-byte cap; the socket is closed`)
        })
        const onSocketError = (event: WebSocket.ErrorEvent) => {
          const error = event.error as (Error & { code?: string }) | undefined
          if (error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
            capExceeded = new Error(`a message from the node exceeded the ${max}-byte cap; the socket is closed`)
          onError(capExceeded ?? error ?? new Error(event.message))
        }
        const onSocketClose = () => {
          socket.removeEventListener('close', onSocketClose)
          socket.removeEventListener('message', onMessage)
          socket.removeEventListener('error', onSocketError)
          socket.removeEventListener('open', onOpen)
          // ws reports a message over the cap as an error right after the close: a microtask
          // later, the close is told with its cause known.
          queueMicrotask(onClose)
        }
        socket.addEventListener('close', onSocketClose)
        socket.addEventListener('message', onMessage)
        socket.addEventListener('error', onSocketError)
        socket.addEventListener('open', onOpen)
        if (socket.readyState === WebSocket.CONNECTING) {
          await new Promise((resolve, reject) => {
            socket.once('open', resolve)
            socket.once('error', reject)
          })
        }
        const close = socket.close.bind(socket)
        return Object.assign(socket, {
          close() {
            close()
            onSocketClose()
          },
          ping() {
            try {
              if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING)
                throw new Error('the socket is closed')
              socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, method: 'net_version', params: [] }))
            } catch (error) {
              onError(error as Error)
            }
          },
          request({ body }: { body: unknown }) {
            if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING)
              throw new Error('the socket is closed')
            socket.send(JSON.stringify(body))
          },
        }) as never
      },
    })

  return {
    async request({ method, params }) {
      const body = { method, params }
      const client = await getRpcClient()
      const { error, result } = await client
        .requestAsync({ body: body as never, timeout: options.timeout })
        .catch((failure: unknown) => {
          throw capExceeded ?? failure
        })
      if (error) throw new RpcRequestError({ body, error, url })
      return result
    },
    value: {
      getRpcClient,
      async subscribe({ params, onData, onError }) {
        const client = await getRpcClient()
        let subscriptionId: unknown
        let unsubscribed = false
        const unsubscribe = () => {
          unsubscribed = true
          return new Promise<unknown>((resolve) =>
            client.request({
              body: { method: 'eth_unsubscribe', params: [subscriptionId] } as never,
              onResponse: resolve,
            }),
          )
        }
        await new Promise<unknown>((resolve, reject) =>
          client.request({
            body: { method: 'eth_subscribe', params } as never,
            onError(error) {
              reject(capExceeded ?? error)
              onError(capExceeded ?? error)
            },
            onResponse(response) {
              if (response.error) {
                reject(response.error)
                onError(response.error)
                return
              }
              if (typeof response.id === 'number') {
                subscriptionId = response.result
                if (unsubscribed) void unsubscribe()
                resolve(response)
                return
              }
              if (response.method !== 'eth_subscription') return
              onData(response.params)
            },
          }),
        )
        return { unsubscribe }
      },
    },
  }
}
