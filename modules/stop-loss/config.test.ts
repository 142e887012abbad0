import { describe, it, expect } from 'vitest'
import { initLine, parseStopLossConfig } from './config.js'
import { InvalidConfigError } from '../sdk/index.js'

const config = {
  oracle_address: '0x694AA1769357215DE4FAC081bf1f309aDC325306',
  decimals: '8',
  trigger_price: '2500.00',
  owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  sell_token: '0x6810e776880C02933D47DB1b9fc05908e5386b96',
  buy_token: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  sell_amount_wei: '1000000000000000000',
  buy_amount_wei: '300000000000000000',
  valid_to_seconds: '4294967295',
}

function detailOf(c: Record<string, string>): string {
  try {
    parseStopLossConfig(c)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError)
    return (error as InvalidConfigError).detail
  }
  throw new Error('expected an InvalidConfigError')
}

const without = (key: string) => Object.fromEntries(Object.entries(config).filter(([k]) => k !== key))

describe('parseStopLossConfig', () => {
  it('round-trips the manifest defaults (parse_config_round_trips_settings)', () => {
    expect(parseStopLossConfig(config)).toEqual({
      oracle: '0x694aa1769357215de4fac081bf1f309adc325306',
      triggerScaled: 250_000_000_000n,
      owner: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      sellToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
      buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      sellAmount: 10n ** 18n,
      buyAmount: 3n * 10n ** 17n,
      validTo: 4_294_967_295,
      maxPriceAgeSecs: 3_600,
    })
  })

  it('reads the optional max_price_age_secs (default: the feed heartbeat, 3600 s)', () => {
    expect(parseStopLossConfig({ ...config, max_price_age_secs: '86400' }).maxPriceAgeSecs).toBe(86_400)
  })

  it.each(Object.keys(config))('requires %s', (key) => {
    expect(detailOf(without(key))).toBe(`missing key "${key}"`)
  })

  it.each([
    ['owner', '0x1234', 'owner: invalid string length'],
    ['sell_token', `0x${'g'.repeat(40)}`, "sell_token: invalid character 'g' at position 0"],
    ['decimals', '39', 'decimals=39 exceeds the I256 power-of-ten budget'],
    ['trigger_price', 'cheap', 'trigger_price: non-digit character in "cheap"'],
    ['trigger_price', '', 'trigger_price: empty'],
    ['sell_amount_wei', '1e18', 'sell_amount_wei: invalid digit found in string'],
    ['buy_amount_wei', '-1', 'buy_amount_wei: invalid digit found in string'],
    ['valid_to_seconds', '4294967296', 'valid_to_seconds: number too large to fit in target type'],
  ])('rejects %s = %j', (key, value, detail) => {
    expect(detailOf({ ...config, [key]: value })).toBe(detail)
  })
})

describe('initLine', () => {
  it('is the Rust engine’s init line', () => {
    expect(initLine(parseStopLossConfig(config))).toBe(
      'stop-loss init: owner=0x70997970c51812dc3a010c7d01b50e0d17dc79c8 trigger=250000000000 sell=0x6810e776880c02933d47db1b9fc05908e5386b96 buy=0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
    )
  })
})
