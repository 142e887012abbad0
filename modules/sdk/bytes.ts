// Byte encodings of local-store values: hex text ↔ bytes, and unsigned integers as little-endian
// bytes (Rust's `uN::to_le_bytes`, the Rust engine's stored form). Modules may not import viem.
import type { Hex } from '../../engine/module-api/index.js'
import { normaliseHex } from './hex.js'

export const MAX_U64 = (1n << 64n) - 1n
export const MAX_U256 = (1n << 256n) - 1n

/** `0x`-prefixed hex → bytes; undefined for odd length or a non-hex character. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  const canonical = normaliseHex(hex)
  if (canonical === undefined) return undefined
  const out = new Uint8Array((canonical.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(canonical.slice(2 + 2 * i, 4 + 2 * i), 16)
  return out
}

export function bytesToHex(bytes: Uint8Array): Hex {
  let body = ''
  for (const byte of bytes) body += byte.toString(16).padStart(2, '0')
  return `0x${body}`
}

/**
 * One word-aligned scratch buffer for the widest value (32 bytes) and its DataView: a DataView
 * per value cost more than the words it read (decision 0240). Used synchronously only.
 */
const scratch = new Uint8Array(32)
const scratchView = new DataView(scratch.buffer)

/**
 * `value` as `size` little-endian bytes (`size` 8 or 32); the caller has checked that it fits.
 * Eight bytes at a time through a DataView: a shift per byte made 32 BigInts per U256, and
 * balance-tracker writes one every block (decision 0229). Words above the value's highest are
 * zero without a BigInt: a balance fits the first (decision 0240).
 */
function encodeUintLe(value: bigint, size: number): Uint8Array {
  scratch.fill(0, 0, size)
  let rest = value
  for (let at = 0; at < size && rest !== 0n; at += 8) {
    scratchView.setBigUint64(at, rest & MAX_U64, true)
    rest >>= 64n
  }
  return scratch.slice(0, size)
}

/**
 * Undefined unless exactly `size` bytes (a value the module did not write reads as absent). Zero
 * words at the top are skipped as two 32-bit reads, with no BigInt made for them.
 */
function decodeUintLe(bytes: Uint8Array, size: number): bigint | undefined {
  if (bytes.length !== size) return undefined
  // Anything but a Uint8Array (a module's own typed array) is read through its own view, as before.
  if (!(bytes instanceof Uint8Array)) {
    const view = bytes as ArrayBufferView
    return wordsLe(new DataView(view.buffer, view.byteOffset, size), size)
  }
  scratch.set(bytes)
  return wordsLe(scratchView, size)
}

/** The `size` bytes at the start of `view`, little-endian, eight at a time. */
function wordsLe(view: DataView, size: number): bigint {
  let at = size - 8
  while (at > 0 && view.getUint32(at, true) === 0 && view.getUint32(at + 4, true) === 0) at -= 8
  let value = view.getBigUint64(at, true)
  for (at -= 8; at >= 0; at -= 8) value = (value << 64n) | view.getBigUint64(at, true)
  return value
}

export class U64RangeError extends Error {
  override readonly name = 'U64RangeError'
}

/** A u64 as 8 little-endian bytes (twap-monitor's gate values). */
export function encodeU64Le(value: bigint): Uint8Array {
  if (value < 0n || value > MAX_U64) throw new U64RangeError(`${value} does not fit in a u64`)
  return encodeUintLe(value, 8)
}

/** Undefined unless exactly 8 bytes. */
export function decodeU64Le(bytes: Uint8Array): bigint | undefined {
  return decodeUintLe(bytes, 8)
}

/** A U256 as 32 little-endian bytes (balance-tracker's stored balance, `U256::to_le_bytes`). */
export function encodeU256Le(value: bigint): Uint8Array {
  if (value < 0n || value > MAX_U256) throw new RangeError(`not a u256: ${value}`)
  return encodeUintLe(value, 32)
}

/** Undefined unless exactly 32 bytes. */
export function decodeU256Le(bytes: Uint8Array): bigint | undefined {
  return decodeUintLe(bytes, 32)
}
