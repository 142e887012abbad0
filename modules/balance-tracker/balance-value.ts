// A balance as the node answers `eth_getBalance` (a quoted hex string), and the key it is stored
// under; the stored value itself is 32 little-endian bytes (the SDK's encodeU256Le / decodeU256Le,
// as the Rust engine's `U256::to_le_bytes`).
import type { Hex } from '../sdk/index.js'
import { MAX_U256 } from '../sdk/index.js'

/** The local-store key of an address's last seen balance. */
export function balanceKey(address: Hex): string {
  return `balance:${address.toLowerCase()}`
}

/**
 * The verbatim JSON text of the result → wei. It must be a quoted string; `0x` is optional;
 * `"0x"` is zero. Undefined for anything else (unquoted, non-hex, wider than 256 bits).
 */
export function parseBalanceHex(resultJson: string): bigint | undefined {
  const trimmed = resultJson.trim()
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return undefined
  const body = trimmed.slice(1, -1)
  const hex = body.startsWith('0x') ? body.slice(2) : body
  if (hex === '') return 0n
  if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined
  const value = BigInt(`0x${hex}`)
  return value > MAX_U256 ? undefined : value
}
