// Declaring a module's `[config]` keys (engine/module-api ModuleConfigSchema) with the same value
// parsers init uses, so "valid at boot" and "parses in init" are one rule.
import type { ConfigKeySpec } from '../../engine/module-api/index.js'
import { parseAddress, parseU256, parseUnsigned } from './config-values.js'
import { MAX_DECIMALS, scaleDecimal } from './decimal.js'

/** A key whose value is valid when `parse` does not throw; the thrown message is the reason. */
export function configKey(expected: string, parse: (text: string) => unknown, required = true): ConfigKeySpec {
  return {
    required,
    expected,
    check(value) {
      try {
        parse(value)
        return undefined
      } catch (error) {
        return error instanceof Error ? error.message : String(error)
      }
    },
  }
}

export const addressKey = (required = true) =>
  configKey('an address (0x and 40 hex digits; mixed case must be the EIP-55 checksum)', parseAddress, required)

export const u256Key = (required = true) =>
  configKey('an unsigned 256-bit integer (decimal, or 0x hex)', parseU256, required)

export const unsignedKey = (bits: 32 | 64, required = true) =>
  configKey(`an unsigned ${bits}-bit integer`, (t) => parseUnsigned(t, bits), required)

export const decimalsKey = (required = true) =>
  configKey(
    `a number of decimals from 0 to ${MAX_DECIMALS}`,
    (t) => {
      if (parseUnsigned(t, 32) > BigInt(MAX_DECIMALS)) throw new Error(`more than ${MAX_DECIMALS}`)
    },
    required,
  )

/** A decimal number such as `2500.00` (its scale comes from the module's `decimals`). */
export const decimalKey = (required = true) =>
  configKey('a decimal number such as "2500.00"', (t) => scaleDecimal(t, MAX_DECIMALS), required)

export function oneOfKey(values: readonly string[], required = true): ConfigKeySpec {
  return configKey(
    `one of ${values.map((v) => JSON.stringify(v)).join(', ')} (any case)`,
    (t) => {
      if (!values.includes(t.toLowerCase())) throw new Error('not one of them')
    },
    required,
  )
}
