// balance-tracker `[config]` → Settings, as the Rust engine's `parse_settings` (docs/design.md §8.4):
// both keys must be present before either is parsed, as in the Rust engine.
import type { Hex, ModuleConfig } from '../sdk/index.js'
import { InvalidConfigError, parseAddress, parseKey, parseU256, requireKey } from '../sdk/index.js'

export interface BalanceTrackerSettings {
  /** In config order, 0x lowercase. */
  addresses: Hex[]
  /** Wei; a move of at least this much is reported. */
  changeThreshold: bigint
}

/**
 * Comma-separated addresses: whitespace trimmed, empty segments skipped, at least one. The `#i`
 * in an error counts raw segments from 0, empty ones included (the Rust engine's `enumerate`).
 */
export function parseAddresses(raw: string): Hex[] {
  const out: Hex[] = []
  raw.split(',').forEach((part, i) => {
    const trimmed = part.trim()
    if (trimmed === '') return
    try {
      out.push(parseAddress(trimmed))
    } catch (error) {
      throw new InvalidConfigError(`address #${i} (${JSON.stringify(trimmed)}): ${(error as Error).message}`)
    }
  })
  if (out.length === 0) throw new InvalidConfigError('expected at least one address')
  return out
}

export function parseBalanceTrackerConfig(config: ModuleConfig): BalanceTrackerSettings {
  const addressesRaw = requireKey(config, 'addresses')
  requireKey(config, 'change_threshold') // both keys are checked before either is parsed
  const addresses = parseAddresses(addressesRaw)
  return { addresses, changeThreshold: parseKey(config, 'change_threshold', parseU256) }
}

/** The Rust engine's init line. */
export function initLine(s: BalanceTrackerSettings): string {
  return `balance-tracker init: ${s.addresses.length} addresses, threshold=${s.changeThreshold} wei`
}
