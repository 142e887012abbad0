// stop-loss `[config]` → Settings, as the Rust engine's `parse_config` (docs/design.md §8.5): every key
// is required, read in the Rust engine's order, so the first problem reported is the Rust engine's.
import type { Hex, ModuleConfig } from '../sdk/index.js'
import {
  DEFAULT_MAX_PRICE_AGE_SECS,
  InvalidConfigError,
  optionalKey,
  MAX_DECIMALS,
  parseAddress,
  parseKey,
  parseU256,
  parseUnsigned,
  scaleDecimal,
} from '../sdk/index.js'

export interface StopLossSettings {
  /** Chainlink AggregatorV3Interface, 0x lowercase. */
  oracle: Hex
  /** Post once the answer is at or below this (`trigger_price × 10^decimals`). */
  triggerScaled: bigint
  /** The order's owner and receiver; it pre-signs the UID on chain. */
  owner: Hex
  sellToken: Hex
  buyToken: Hex
  sellAmount: bigint
  buyAmount: bigint
  /** Unix seconds (u32). */
  validTo: number
  /** An answer older than this (seconds before the block) is ignored; default the feed's heartbeat. */
  maxPriceAgeSecs: number
}

export function parseStopLossConfig(config: ModuleConfig): StopLossSettings {
  const oracle = parseKey(config, 'oracle_address', parseAddress)
  const decimals = Number(parseKey(config, 'decimals', (t) => parseUnsigned(t, 32)))
  if (decimals > MAX_DECIMALS) throw new InvalidConfigError(`decimals=${decimals} exceeds the I256 power-of-ten budget`)
  return {
    oracle,
    triggerScaled: parseKey(config, 'trigger_price', (t) => scaleDecimal(t, decimals)),
    owner: parseKey(config, 'owner', parseAddress),
    sellToken: parseKey(config, 'sell_token', parseAddress),
    buyToken: parseKey(config, 'buy_token', parseAddress),
    sellAmount: parseKey(config, 'sell_amount_wei', parseU256),
    buyAmount: parseKey(config, 'buy_amount_wei', parseU256),
    validTo: Number(parseKey(config, 'valid_to_seconds', (t) => parseUnsigned(t, 32))),
    maxPriceAgeSecs: maxPriceAgeSecs(config),
  }
}

/** `max_price_age_secs`: optional (this project's addition), default DEFAULT_MAX_PRICE_AGE_SECS. */
export function maxPriceAgeSecs(config: ModuleConfig): number {
  if (optionalKey(config, 'max_price_age_secs') === undefined) return DEFAULT_MAX_PRICE_AGE_SECS
  return Number(parseKey(config, 'max_price_age_secs', (t) => parseUnsigned(t, 32)))
}

/** The Rust engine's init line. */
export function initLine(s: StopLossSettings): string {
  return `stop-loss init: owner=${s.owner} trigger=${s.triggerScaled} sell=${s.sellToken} buy=${s.buyToken}`
}
