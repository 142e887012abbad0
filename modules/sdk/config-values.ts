// Parsers for single `[config]` values, with the Rust engine's error wording (Rust's `str::parse`,
// alloy's `Address::from_str`) so `init failed` lines read as they did in the Rust engine
// (docs/decisions/0082-m3-module-config-and-instances.md).
import type { Hex, ModuleConfig } from '../../engine/module-api/index.js'
import { checksumAddress } from 'viem'
import { MAX_U256 } from './bytes.js'

/** A `[config]` problem; init turns it into `<module>: invalid [config]: <detail>`. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError'
  constructor(readonly detail: string) {
    super(detail)
  }
}

export function requireKey(config: ModuleConfig, key: string): string {
  const value = optionalKey(config, key)
  if (value === undefined) throw new InvalidConfigError(`missing key ${JSON.stringify(key)}`)
  return value
}

export function optionalKey(config: ModuleConfig, key: string): string | undefined {
  return Object.hasOwn(config, key) ? config[key] : undefined
}

const HEX_DIGIT = /^[0-9a-fA-F]$/
const FORTY_HEX_DIGITS = /^[0-9a-fA-F]{40}$/

/**
 * alloy `Address::from_str`: optional `0x`, exactly 40 hex digits. Mixed case is a checksum claim
 * and must be the EIP-55 one (a typo in a hand-copied address); one case throughout is accepted.
 */
export function parseAddress(text: string): Hex {
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text
  if (body.length !== 40) throw new Error('invalid string length')
  // One test for the usual case (each module boot reads a few); the position only for a bad one.
  if (!FORTY_HEX_DIGITS.test(body)) {
    const bad = [...body].findIndex((c) => !HEX_DIGIT.test(c))
    if (bad !== -1) throw new Error(`invalid character '${body[bad]}' at position ${bad}`)
  }
  const lower: Hex = `0x${body.toLowerCase()}`
  if (body !== body.toLowerCase() && body !== body.toUpperCase()) {
    const checksummed = checksumAddress(lower)
    if (checksummed.slice(2) !== body)
      throw new Error(`bad EIP-55 checksum (the checksummed spelling is ${checksummed})`)
  }
  return lower
}

/** Rust's `str::parse::<uN>()` for N = `bits` (32 or 64): decimal, optional leading `+`. */
export function parseUnsigned(text: string, bits: 32 | 64): bigint {
  if (text === '') throw new Error('cannot parse integer from empty string')
  const digits = text.startsWith('+') ? text.slice(1) : text
  if (!/^[0-9]+$/.test(digits)) throw new Error('invalid digit found in string')
  const value = BigInt(digits)
  if (value >= 1n << BigInt(bits)) throw new Error('number too large to fit in target type')
  return value
}

/** alloy `U256::from_str`: decimal, or hex after `0x`; at most 2^256 - 1. */
export function parseU256(text: string): bigint {
  if (text === '') throw new Error('cannot parse integer from empty string')
  const hex = text.startsWith('0x')
  const digits = hex ? text.slice(2) : text
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) throw new Error('invalid digit found in string')
  const value = BigInt(hex ? `0x${digits}` : digits)
  if (value > MAX_U256) throw new Error('number too large to fit in target type')
  return value
}

/** Runs a value parser, naming the key in the error as the Rust engine did (`<key>: <err>`). */
export function parseKey<T>(config: ModuleConfig, key: string, parse: (text: string) => T): T {
  const text = requireKey(config, key)
  try {
    return parse(text)
  } catch (error) {
    throw new InvalidConfigError(`${key}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
