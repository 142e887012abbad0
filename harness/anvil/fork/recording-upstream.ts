// Records a fork: a loopback JSON-RPC server in front of the real upstream (a Sepolia RPC URL,
// or another anvil) that forwards what anvil asks and keeps every answer for a fork cassette.
import { redactUrls } from '../../../engine/host/redact-url.js'
import { nodeRpc, NodeRpcError } from '../node-rpc.js'
import { answerKey, type ForkAnswer, type ForkCassette } from './fork-cassette.js'
import { type JsonRpcServer, startJsonRpcServer } from './json-rpc-server.js'

export interface RecordingUpstream extends JsonRpcServer {
  /** The answers so far, as a cassette of a fork at `forkBlock`. */
  cassette(chainId: number, forkBlock: number): ForkCassette
  /** Requests the upstream gave no JSON-RPC answer to (unreachable, HTTP error): not in the cassette. */
  failures(): string[]
}

export async function startRecordingUpstream(upstreamUrl: string): Promise<RecordingUpstream> {
  const upstream = nodeRpc(upstreamUrl)
  const answers = new Map<string, ForkAnswer>()
  const failures: string[] = []
  const record = async (method: string, params: unknown[]): Promise<ForkAnswer> => {
    let answer: ForkAnswer
    try {
      answer = { method, params, result: await upstream.call(method, params) }
    } catch (error) {
      if (!(error instanceof NodeRpcError) || error.code === undefined) {
        // What anvil is told, and what a report shows, names the upstream by origin only.
        const reason = redactUrls(error instanceof Error ? error.message : String(error))
        failures.push(`${answerKey(method, params)}: ${reason}`)
        throw new Error(`fork upstream gave no answer: ${reason}`)
      }
      answer = { method, params, error: { code: error.code, message: error.message, data: error.data } }
    }
    answers.set(answerKey(method, params), answer)
    return answer
  }
  const server = await startJsonRpcServer(async (method, params) => {
    const answer = await record(method, params)
    // anvil reads an account with eth_getAccountInfo, or with these three when that fails; a
    // replay may take either path, so the cassette holds both.
    if (method === 'eth_getAccountInfo' && answer.error === undefined)
      for (const equivalent of ['eth_getBalance', 'eth_getTransactionCount', 'eth_getCode'])
        await record(equivalent, params)
    return answer
  })
  return {
    ...server,
    cassette: (chainId, forkBlock) => ({ version: 1, chainId, forkBlock, answers: [...answers.values()] }),
    failures: () => [...failures],
  }
}
