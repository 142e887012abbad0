// Small hex helpers shared by the SDK: one canonical spelling (0x + lowercase) for every hex value
// a module stores, logs or compares.
import type { Hex } from '../../engine/module-api/index.js'

export const ZERO_ADDRESS: Hex = '0x0000000000000000000000000000000000000000'

const HEX_BODY = /^[0-9a-fA-F]*$/
/** Already canonical: `0x`, lowercase, whole bytes. Most node answers are (a feed's five words every block). */
const CANONICAL = /^0x(?:[0-9a-f]{2})*$/

/**
 * `0x`-prefixed (or bare) hex text → canonical `0x<lowercase>`; undefined when it has an odd
 * length or a non-hex character. `"0x"` and `""` are the empty byte string.
 */
export function normaliseHex(text: string): Hex | undefined {
  // The same text back, with no slice, case fold and concatenation of a copy each (decision 0229).
  if (CANONICAL.test(text)) return text as Hex
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text
  if (body.length % 2 !== 0 || !HEX_BODY.test(body)) return undefined
  return `0x${body.toLowerCase()}`
}

/** Byte length of a canonical hex value. */
export function hexByteLength(hex: Hex): number {
  return (hex.length - 2) / 2
}

/** Canonical lowercase address; undefined unless it is exactly 20 bytes of hex. */
export function normaliseAddress(text: string): Hex | undefined {
  const hex = normaliseHex(text)
  return hex !== undefined && hexByteLength(hex) === 20 && text.startsWith('0x') ? hex : undefined
}
