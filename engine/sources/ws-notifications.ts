// What a node pushes over `eth_subscribe`, checked and turned into the source types. A malformed
// notification becomes an error item (the loop logs it and goes on), never a crash.
import { BaseError } from '../errors/base-error.js'
import type { Hex } from '../module-api/events.js'
import type { LogFilter, BlockHeader, RawLog } from './source.js'

export class MalformedNotificationError extends BaseError {
  override readonly name = 'MalformedNotificationError'
}

export function parseNewHead(result: unknown): BlockHeader {
  const head = asObject(result, 'newHeads')
  return {
    number: quantity(head.number, 'newHeads.number'),
    hash: hexBytes(head.hash, 32, 'newHeads.hash'),
    timestamp: quantity(head.timestamp, 'newHeads.timestamp'),
  }
}

export function parseLogNotification(result: unknown): RawLog {
  const log = asObject(result, 'logs')
  if (!Array.isArray(log.topics))
    throw new MalformedNotificationError(`logs.topics: expected an array, found ${show(log.topics)}`)
  const raw: RawLog = {
    address: hexBytes(log.address, 20, 'logs.address'),
    topics: log.topics.map((t, i) => hexBytes(t, 32, `logs.topics[${i}]`)),
    data: hexData(log.data, 'logs.data'),
  }
  if (log.blockNumber != null) raw.blockNumber = quantity(log.blockNumber, 'logs.blockNumber')
  if (log.transactionHash != null) raw.transactionHash = hexBytes(log.transactionHash, 32, 'logs.transactionHash')
  if (log.logIndex != null) raw.logIndex = quantity(log.logIndex, 'logs.logIndex')
  if (typeof log.removed === 'boolean') raw.removed = log.removed
  return raw
}

/** The `eth_subscribe(logs)` filter: address (if any) AND topic0 (if any), as in the Rust engine. */
export function logFilterParams(filter: LogFilter): { address?: Hex; topics?: Hex[] } {
  const params: { address?: Hex; topics?: Hex[] } = {}
  if (filter.address) params.address = filter.address
  if (filter.topic0) params.topics = [filter.topic0]
  return params
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedNotificationError(`${what}: expected an object, found ${show(value)}`)
  return value as Record<string, unknown>
}

function quantity(value: unknown, what: string): number {
  if (typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value)) {
    const n = Number.parseInt(value, 16)
    if (Number.isSafeInteger(n)) return n
  }
  throw new MalformedNotificationError(`${what}: expected a hex quantity, found ${show(value)}`)
}

function hexBytes(value: unknown, length: number, what: string): Hex {
  if (typeof value === 'string' && value.length === 2 + 2 * length && /^0x[0-9a-f]*$/i.test(value))
    return value.toLowerCase() as Hex
  throw new MalformedNotificationError(`${what}: expected ${length} bytes of hex, found ${show(value)}`)
}

function hexData(value: unknown, what: string): Hex {
  if (typeof value === 'string' && value.length % 2 === 0 && /^0x[0-9a-f]*$/i.test(value))
    return value.toLowerCase() as Hex
  throw new MalformedNotificationError(`${what}: expected hex bytes, found ${show(value)}`)
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
