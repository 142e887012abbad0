// eth_call through the chain host's raw JSON-RPC passthrough (docs/design.md §7.5).
import type { Hex, HostError, ModuleHost } from '../../../engine/module-api/index.js'
import { normaliseHex } from '../hex.js'

/** The last params written: modules make the same call every block (a feed's latestRoundData). */
let last: { to: Hex; data: Hex; text: string } | undefined

/** JSON text of the params: `[{"to":"0x<lowercase>","data":"0x.."},"latest"]` (always latest). */
export function ethCallParams(to: Hex, data: Hex): string {
  if (last !== undefined && last.to === to && last.data === data) return last.text
  const text = JSON.stringify([{ to: to.toLowerCase(), data: data.toLowerCase() }, 'latest'])
  last = { to, data, text }
  return text
}

/**
 * The verbatim JSON text of the result → its bytes as canonical hex. It must be a JSON string;
 * `0x` is optional; `"0x"` is the empty byte string. Anything else → undefined.
 */
export function parseEthCallResult(json: string): Hex | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return undefined
  }
  return typeof parsed === 'string' ? normaliseHex(parsed) : undefined
}

/** The node answered, but not with a hex string. `raw` is the result's JSON text. */
export class EthCallResultError extends Error {
  override readonly name = 'EthCallResultError'
  constructor(readonly raw: string) {
    super(`eth_call result is not a hex string: ${raw}`)
  }
}

/** Runs `eth_call` at `latest`. A HostError from the host propagates unchanged. */
export async function ethCall(host: Pick<ModuleHost, 'chain'>, chainId: number, to: Hex, data: Hex): Promise<Hex> {
  const raw = await host.chain.request(chainId, 'eth_call', ethCallParams(to, data))
  const result = parseEthCallResult(raw)
  if (result === undefined) throw new EthCallResultError(raw)
  return result
}

/**
 * The revert data a failed call carries in `err.data` (the evolved chain host forwards the
 * node's JSON-RPC `error.data`): bare hex, a JSON-quoted hex string, or JSON `{"data":"0x.."}`.
 * Undefined when there is none or it is not hex.
 */
export function decodeRevertData(err: Pick<HostError, 'data'>): Hex | undefined {
  const data = err.data?.trim()
  if (data === undefined || data === '') return undefined
  const direct = normaliseHex(data)
  if (direct !== undefined && data.startsWith('0x')) return direct
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return undefined
  }
  return revertHexIn(parsed, 0)
}

function revertHexIn(value: unknown, depth: number): Hex | undefined {
  if (typeof value === 'string') return value.startsWith('0x') ? normaliseHex(value) : undefined
  if (depth < 2 && typeof value === 'object' && value !== null && 'data' in value) {
    return revertHexIn((value as { data: unknown }).data, depth + 1)
  }
  return undefined
}
