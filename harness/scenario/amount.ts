// Token amounts and other uint256 values. YAML authors write them quoted ("174553978080") or not
// (174553978080, or a huge 1000000000000000000 that parse-yaml keeps as bigint); both mean the same.

const MAX_UINT256 = (1n << 256n) - 1n
const DECIMAL = /^[0-9]+$/
const HEX = /^0x[0-9a-fA-F]+$/

/** A non-negative integer up to 2^256-1 from a number, bigint, decimal or 0x-hex string. */
export function parseAmount(value: unknown): bigint | undefined {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined
    n = BigInt(value)
  } else if (typeof value === 'string' && (DECIMAL.test(value) || HEX.test(value))) n = BigInt(value)
  else return undefined
  return n >= 0n && n <= MAX_UINT256 ? n : undefined
}

const SIGNED_DECIMAL = /^-?[0-9]+$/
const MIN_INT256 = -(1n << 255n)
const MAX_INT256 = (1n << 255n) - 1n

/** An int256 (a Chainlink answer may be negative) from a number, bigint or decimal string. */
export function parseSignedInteger(value: unknown): bigint | undefined {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined
    n = BigInt(value)
  } else if (typeof value === 'string' && SIGNED_DECIMAL.test(value)) n = BigInt(value)
  else return undefined
  return n >= MIN_INT256 && n <= MAX_INT256 ? n : undefined
}
