// The cassette's recorded RPC answers, asked by the fake node after the scenario's declared state
// (docs/scenarios.md: "from this state, then from the cassette"). Params compare as the world
// compares them (hex case-insensitive, object key order ignored). A recorded error is answered as
// the node's error.
import { RpcError } from '../../engine/transport/rpc-transport.js'
import type { RpcFallback } from '../world/fake-node.js'
import type { CassetteChain } from './cassette.js'
import { rpcKey } from './cassette-keys.js'

export function cassetteFallback(chain: CassetteChain): RpcFallback {
  const answers = new Map<string, CassetteChain['rpc'][number][]>()
  for (const r of chain.rpc) {
    const key = rpcKey(r.method, r.params)
    const list = answers.get(key) ?? []
    list.push(r)
    answers.set(key, list)
  }
  const asked = new Map<string, number>()
  return (method, params) => {
    const key = rpcKey(method, params)
    const list = answers.get(key)
    if (!list) return undefined
    // Version 2 answers a repeated request in recorded order, then repeats the last answer;
    // version 1 answers with the first recording, as the first answer the engine saw.
    const n = asked.get(key) ?? 0
    asked.set(key, n + 1)
    const hit = chain.sequenced ? list[Math.min(n, list.length - 1)]! : list[0]!
    if (hit.error) throw new RpcError(hit.error.code, hit.error.message, hit.error.data)
    return { result: structuredClone(hit.result) }
  }
}
