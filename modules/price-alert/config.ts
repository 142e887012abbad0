// price-alert `[config]` → Settings, as the Rust engine's `parse_config` (docs/design.md §8.3): keys are
// read in the Rust engine's order, so the first problem reported is the one the Rust engine reported.
import type { Hex, ModuleConfig } from '../sdk/index.js'
import {
  DEFAULT_MAX_PRICE_AGE_SECS,
  InvalidConfigError,
  MAX_DECIMALS,
  optionalKey,
  parseAddress,
  parseKey,
  parseUnsigned,
  requireKey,
  scaleDecimal,
} from '../sdk/index.js'

/** Which side of the threshold fires; the names are the Rust engine's `{:?}` rendering. */
export type Direction = 'Above' | 'Below'

export interface PriceAlertSettings {
  /** Chainlink AggregatorV3Interface, 0x lowercase. */
  oracle: Hex
  /** The threshold in the feed's units (`threshold × 10^decimals`). */
  thresholdScaled: bigint
  direction: Direction
  /** Poll only when `block.number % everyNBlocks == 0`; at least 1. */
  everyNBlocks: bigint
  /** An answer older than this (seconds before the block) is ignored; default the feed's heartbeat. */
  maxPriceAgeSecs: number
}

export function parseDecimals(config: ModuleConfig): number {
  const decimals = Number(parseKey(config, 'decimals', (t) => parseUnsigned(t, 32)))
  if (decimals > MAX_DECIMALS) throw new InvalidConfigError(`decimals=${decimals} exceeds the I256 power-of-ten budget`)
  return decimals
}

export function parseDirection(text: string): Direction {
  switch (text.toLowerCase()) {
    case 'above':
      return 'Above'
    case 'below':
      return 'Below'
    default:
      throw new InvalidConfigError(`direction: expected 'above'|'below', got ${JSON.stringify(text.toLowerCase())}`)
  }
}

export function parsePriceAlertConfig(config: ModuleConfig): PriceAlertSettings {
  const oracle = parseKey(config, 'oracle_address', parseAddress)
  const decimals = parseDecimals(config)
  const thresholdScaled = parseKey(config, 'threshold', (t) => scaleDecimal(t, decimals))
  const direction = parseDirection(requireKey(config, 'direction'))
  const everyRaw = optionalKey(config, 'every_n_blocks')
  const every = everyRaw === undefined ? 1n : parseKey(config, 'every_n_blocks', (t) => parseUnsigned(t, 64))
  const maxAge =
    optionalKey(config, 'max_price_age_secs') === undefined
      ? DEFAULT_MAX_PRICE_AGE_SECS
      : Number(parseKey(config, 'max_price_age_secs', (t) => parseUnsigned(t, 32)))
  return { oracle, thresholdScaled, direction, everyNBlocks: every === 0n ? 1n : every, maxPriceAgeSecs: maxAge }
}

/** The Rust engine's init line. */
export function initLine(s: PriceAlertSettings): string {
  return `price-alert init: oracle=${s.oracle} threshold=${s.thresholdScaled} direction=${s.direction} every_n_blocks=${s.everyNBlocks}`
}
