// The two encodings of a balance: the node's `eth_getBalance` answer (a quoted hex string) and
// the stored value under `balance:<addr>` (32 bytes, little-endian, as the seed's `U256::to_le_bytes`).
import type { Hex } from '../sdk/index.js'

const MAX_U256 = (1n << 256n) - 1n

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

export function encodeU256Le(value: bigint): Uint8Array {
  if (value < 0n || value > MAX_U256) throw new RangeError(`not a u256: ${value}`)
  const out = new Uint8Array(32)
  let rest = value
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return out
}

/** Undefined unless exactly 32 bytes. */
export function decodeU256Le(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== 32) return undefined
  let value = 0n
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0)
  return value
}
