// `eth_getLogs` / `eth_subscribe("logs")` filters as a node reads them: `address` one or a list,
// `topics` positional (null = any, a list = any of), `fromBlock`/`toBlock` numbers or tags,
// `blockHash` instead of a range. Pure; a malformed filter is an error naming the key.
import type { RawLog } from '../../engine/sources/source.js'
import { BaseError } from '../../engine/errors/base-error.js'

export interface LogQuery {
  addresses?: string[] | undefined
  /** Per position: undefined/null = any; otherwise any of the listed (lowercase). */
  topics: (string[] | null)[]
  fromBlock?: number | undefined
  toBlock?: number | undefined
  blockHash?: string | undefined
}

export class LogFilterError extends BaseError {
  override readonly name = 'LogFilterError'
}

/** Reads a filter object; `head` resolves `latest`-like tags. */
export function parseLogFilter(raw: unknown, head: number): LogQuery {
  if (raw === undefined || raw === null) return { topics: [] }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new LogFilterError('filter: expected an object')
  const f = raw as Record<string, unknown>
  const query: LogQuery = { topics: [] }
  if (f.address !== undefined && f.address !== null) {
    const list = Array.isArray(f.address) ? f.address : [f.address]
    query.addresses = list.map((a, i) => {
      if (typeof a !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(a))
        throw new LogFilterError(`filter.address${Array.isArray(f.address) ? `[${i}]` : ''}: expected an address`)
      return a.toLowerCase()
    })
  }
  if (f.topics !== undefined && f.topics !== null) {
    if (!Array.isArray(f.topics)) throw new LogFilterError('filter.topics: expected a list')
    query.topics = f.topics.map((t, i) => {
      if (t === null) return null
      const list = Array.isArray(t) ? t : [t]
      return list.map((x, j) => {
        if (typeof x !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(x))
          throw new LogFilterError(`filter.topics[${i}]${Array.isArray(t) ? `[${j}]` : ''}: expected a 32-byte topic`)
        return x.toLowerCase()
      })
    })
  }
  if (typeof f.blockHash === 'string') query.blockHash = f.blockHash.toLowerCase()
  else {
    query.fromBlock = blockTag(f.fromBlock, head, 'fromBlock')
    query.toBlock = blockTag(f.toBlock, head, 'toBlock')
  }
  return query
}

function blockTag(value: unknown, head: number, key: string): number {
  if (value === undefined || value === null) return head
  if (value === 'latest' || value === 'pending' || value === 'safe' || value === 'finalized') return head
  if (value === 'earliest') return 0
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return Number.parseInt(value, 16)
  throw new LogFilterError(`filter.${key}: expected a block number (hex) or tag`)
}

/** Whether a log passes a filter (the block range only when the log carries its block number). */
export function logMatches(query: LogQuery, log: RawLog, blockHash?: string): boolean {
  if (query.addresses && !query.addresses.includes(log.address.toLowerCase())) return false
  for (const [i, want] of query.topics.entries()) {
    if (want === null) continue
    const topic = log.topics[i]?.toLowerCase()
    if (topic === undefined || !want.includes(topic)) return false
  }
  if (query.blockHash !== undefined) return blockHash?.toLowerCase() === query.blockHash
  const n = log.blockNumber
  if (n !== undefined) {
    if (query.fromBlock !== undefined && n < query.fromBlock) return false
    if (query.toBlock !== undefined && n > query.toBlock) return false
  }
  return true
}
