// The seed's gate values: a u64 as 8 little-endian bytes (Rust `u64::to_le_bytes`).

const U64_MAX = (1n << 64n) - 1n

export class U64RangeError extends Error {
  override readonly name = 'U64RangeError'
}

export function encodeU64Le(value: bigint): Uint8Array {
  if (value < 0n || value > U64_MAX) throw new U64RangeError(`${value} does not fit in a u64`)
  const out = new Uint8Array(8)
  let rest = value
  for (let i = 0; i < 8; i++) {
    out[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return out
}

/** Undefined unless exactly 8 bytes (a value the module did not write is no gate). */
export function decodeU64Le(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== 8) return undefined
  let value = 0n
  for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number)
  return value
}
