// The twap-monitor's local-store keys (docs/design.md §8.6); owner and hash are 0x lowercase hex.
//   watch:<owner>:<params_hash>       ABI-encoded ConditionalOrderParams
//   next_block:<owner>:<params_hash>  u64 LE: skip while block.number < n
//   next_epoch:<owner>:<params_hash>  u64 LE: skip while block seconds < t
// Tranche markers (`submitted:<uid>`, `dropped:<uid>`, `backoff:<uid>`) are the SDK decision store's.
import type { Hex } from '../sdk/index.js'

export const WATCH_PREFIX = 'watch:'

export interface WatchId {
  owner: Hex
  paramsHash: Hex
}

const ADDRESS = /^0x[0-9a-f]{40}$/
const HASH = /^0x[0-9a-f]{64}$/

export function watchKey(id: WatchId): string {
  return `${WATCH_PREFIX}${id.owner.toLowerCase()}:${id.paramsHash.toLowerCase()}`
}

export function nextBlockKey(id: WatchId): string {
  return `next_block:${id.owner.toLowerCase()}:${id.paramsHash.toLowerCase()}`
}

export function nextEpochKey(id: WatchId): string {
  return `next_epoch:${id.owner.toLowerCase()}:${id.paramsHash.toLowerCase()}`
}

/** `watch:<owner>:<hash>` → its parts; undefined for anything the module would not have written. */
export function parseWatchKey(key: string): WatchId | undefined {
  if (!key.startsWith(WATCH_PREFIX)) return undefined
  const parts = key.slice(WATCH_PREFIX.length).split(':')
  if (parts.length !== 2) return undefined
  const [owner, paramsHash] = parts as [string, string]
  if (!ADDRESS.test(owner) || !HASH.test(paramsHash)) return undefined
  return { owner: owner as Hex, paramsHash: paramsHash as Hex }
}
