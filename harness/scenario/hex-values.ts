// Hex values in a scenario: checked for shape and lowercased, so every later comparison
// (addresses as map keys, topics, hashes) is a plain string comparison.
import type { Hex } from '../../engine/module-api/index.js'

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const BYTES32 = /^0x[0-9a-fA-F]{64}$/
const BYTES = /^0x(?:[0-9a-fA-F]{2})*$/

function lowerIfMatches(re: RegExp, value: unknown): Hex | undefined {
  return typeof value === 'string' && re.test(value) ? (value.toLowerCase() as Hex) : undefined
}

/** 0x + 40 hex digits (any case) → lowercase; otherwise undefined. */
export function parseAddress(value: unknown): Hex | undefined {
  return lowerIfMatches(ADDRESS, value)
}

/** 0x + 64 hex digits (a hash, a topic) → lowercase; otherwise undefined. */
export function parseBytes32(value: unknown): Hex | undefined {
  return lowerIfMatches(BYTES32, value)
}

/** 0x + whole bytes (possibly none) → lowercase; otherwise undefined. */
export function parseHexBytes(value: unknown): Hex | undefined {
  return lowerIfMatches(BYTES, value)
}
