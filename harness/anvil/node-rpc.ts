// The harness's own JSON-RPC line to an anvil (control calls: anvil_setCode, evm_mine, reads for
// the fake orderbook). Plain node:http, not fetch: MSW patches the global fetch during a run, and
// the harness's control traffic is not the engine's and must never be intercepted or counted.
import { BaseError } from '../../engine/errors/base-error.js'
import { request } from 'node:http'

export class NodeRpcError extends BaseError {
  override readonly name = 'NodeRpcError'
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    message: string,
    readonly data?: unknown,
  ) {
    super(`anvil ${method}: ${message}`)
  }
}

export interface NodeRpc {
  readonly url: string
  call<T = unknown>(method: string, params?: unknown[]): Promise<T>
}

let nextId = 1

export function nodeRpc(url: string): NodeRpc {
  const target = new URL(url)
  return {
    url,
    call<T>(method: string, params: unknown[] = []): Promise<T> {
      const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params })
      return new Promise<T>((resolve, reject) => {
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              let answer: { result?: T; error?: { code: number; message: string; data?: unknown } }
              try {
                answer = JSON.parse(Buffer.concat(chunks).toString('utf8'))
              } catch {
                reject(new NodeRpcError(method, undefined, `answered HTTP ${res.statusCode} with a non-JSON body`))
                return
              }
              if (answer.error)
                reject(new NodeRpcError(method, answer.error.code, answer.error.message, answer.error.data))
              else resolve(answer.result as T)
            })
          },
        )
        req.on('error', (error) => reject(new NodeRpcError(method, undefined, error.message)))
        req.end(body)
      })
    },
  }
}
