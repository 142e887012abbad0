// Replays a fork cassette: a loopback JSON-RPC server answering anvil's upstream requests from
// the recorded answers only. A request the cassette does not hold is answered with an error and
// remembered, so a run can name what the recording lacks; nothing goes to a network.
import { answerKey, type ForkCassette } from './fork-cassette.js'
import { type JsonRpcServer, startJsonRpcServer } from './json-rpc-server.js'

export interface CassetteUpstream extends JsonRpcServer {
  /** Requests the cassette had no answer for, `method [params]` each. */
  misses(): string[]
}

/** What a node answers for a method it does not serve. */
const NOT_RECORDED = -32601

export async function startCassetteUpstream(cassette: ForkCassette): Promise<CassetteUpstream> {
  const answers = new Map(cassette.answers.map((a) => [answerKey(a.method, a.params), a]))
  const misses: string[] = []
  const server = await startJsonRpcServer(async (method, params) => {
    const key = answerKey(method, params)
    const recorded = answers.get(key)
    if (recorded) return recorded.error ? { error: recorded.error } : { result: recorded.result }
    misses.push(key)
    return { error: { code: NOT_RECORDED, message: `not in the fork cassette: ${key}` } }
  })
  return { ...server, misses: () => [...misses] }
}
