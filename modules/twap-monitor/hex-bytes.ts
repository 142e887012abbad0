// Hex text ↔ bytes for local-store values (the SDK has no such helper; modules may not import viem).
import type { Hex } from '../sdk/index.js'
import { normaliseHex } from '../sdk/index.js'

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
