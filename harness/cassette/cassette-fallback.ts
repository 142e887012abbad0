// The cassette's recorded RPC answers, asked by the fake node after the scenario's declared state
// (docs/scenarios.md: "from this state, then from the cassette"). Params compare as the world
// compares them (hex case-insensitive, object key order ignored). A recorded error is answered as
// the node's error.
import { RpcError } from '../../engine/transport/rpc-transport.js'
import { canonicalParams } from '../world/rpc-params.js'
import type { RpcFallback } from '../world/fake-node.js'
import type { CassetteChain } from './cassette.js'

export function cassetteFallback(chain: CassetteChain): RpcFallback {
  const answers = new Map<string, CassetteChain['rpc'][number]>()
  for (const r of chain.rpc) {
    const key = `${r.method} ${canonicalParams(r.params)}`
    // The first recording of a request wins, as the first answer the engine saw.
    if (!answers.has(key)) answers.set(key, r)
  }
  return (method, params) => {
    const hit = answers.get(`${method} ${canonicalParams(params)}`)
    if (!hit) return undefined
    if (hit.error) throw new RpcError(hit.error.code, hit.error.message, hit.error.data)
    return { result: structuredClone(hit.result) }
  }
}
