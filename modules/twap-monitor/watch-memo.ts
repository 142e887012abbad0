// What a poll derives from a watch alone (its decoded params, the `getTradeableOrderWithSignature`
// calldata) and the decoding of the last answer, kept per module instance (per host) so a watch
// polled every block is not re-decoded and re-encoded every block. Pure memo, no behaviour of its
// own: an entry is used only while the stored bytes under its key are the ones it was built from,
// so a restarted module (or a store changed under it) rebuilds it from the store (decision 0214).
import type { ConditionalOrderParams, Hex, ModuleHost, PollOutcome } from '../sdk/index.js'
import {
  bytesToHex,
  decodeConditionalOrderParams,
  decodeTradeableOrder,
  encodeGetTradeableOrderWithSignature,
} from '../sdk/index.js'

/** The watch's static part; `params` undefined when the stored bytes do not decode. */
export interface WatchStatics {
  params: ConditionalOrderParams | undefined
  calldata: Hex | undefined
  /** The eth_call's return bytes → the ready outcome (or undefined), memoised on the last answer. */
  decodeResult(result: Hex): Extract<PollOutcome, { kind: 'ready' }> | undefined
}

interface Entry extends WatchStatics {
  owner: Hex
  value: Uint8Array
}

/** Entries kept per host before the memo starts over (a day holds tens of watches). */
const MAX_ENTRIES = 4096

const byHost = new WeakMap<ModuleHost, Map<string, Entry>>()

export function watchStatics(host: ModuleHost, key: string, owner: Hex, value: Uint8Array): WatchStatics {
  let memo = byHost.get(host)
  if (memo === undefined) {
    memo = new Map()
    byHost.set(host, memo)
  }
  const known = memo.get(key)
  if (known !== undefined && known.owner === owner && sameBytes(known.value, value)) return known
  if (memo.size >= MAX_ENTRIES) memo.clear()
  const entry = buildEntry(owner, value)
  memo.set(key, entry)
  return entry
}

/** Forgets a dropped watch's entry (the store no longer holds it). */
export function forgetWatch(host: ModuleHost, key: string): void {
  byHost.get(host)?.delete(key)
}

function buildEntry(owner: Hex, value: Uint8Array): Entry {
  const params = decodeConditionalOrderParams(bytesToHex(value))
  const calldata = params === undefined ? undefined : encodeGetTradeableOrderWithSignature({ owner, params })
  let lastResult: Hex | undefined
  let lastOutcome: Extract<PollOutcome, { kind: 'ready' }> | undefined
  return {
    owner,
    value: value.slice(),
    params,
    calldata,
    decodeResult(result) {
      if (result !== lastResult) {
        lastOutcome = decodeTradeableOrder(result)
        lastResult = result
      }
      return lastOutcome
    },
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
