// JSON-RPC to a chain's node. The chain host maps these results and errors onto host errors;
// the live engine talks to a real node through viem, the harness to its fake node.
import { BaseError } from '../errors/base-error.js'

export interface RpcTransport {
  /** Resolves with the JSON-RPC `result`; rejects with an RpcError (node error) or anything else (transport). */
  request(method: string, params: unknown[], options?: RpcRequestOptions): Promise<unknown>
  /** Dials the endpoint (a WebSocket's TCP connect and handshake) at boot; absent = nothing to dial. */
  connect?(): Promise<void>
}

export interface RpcRequestOptions {
  signal?: AbortSignal
  /** The module whose host call this is (for attribution; a transport may ignore it). */
  caller?: string
}

/** A JSON-RPC error object returned by the node. */
export class RpcError extends BaseError {
  override readonly name = 'RpcError'
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

export interface RpcTransports {
  /** undefined = the chain has no `[chains.<id>]` entry. */
  forChain(chainId: number): RpcTransport | undefined
}
