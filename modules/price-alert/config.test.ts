import { describe, it, expect } from 'vitest'
import { parsePriceAlertConfig, initLine } from './config.js'
import { InvalidConfigError } from '../sdk/index.js'

const FEED = '0x694AA1769357215DE4FAC081bf1f309aDC325306'

const base = {
  oracle_address: FEED,
  decimals: '8',
  threshold: '2500.50',
  direction: 'below',
  every_n_blocks: '5',
}

function detailOf(config: Record<string, string>): string {
  try {
    parsePriceAlertConfig(config)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError)
    return (error as InvalidConfigError).detail
  }
  throw new Error('expected an InvalidConfigError')
}

describe('parsePriceAlertConfig', () => {
  it('parses the happy path (parse_config_happy_path)', () => {
    expect(parsePriceAlertConfig(base)).toEqual({
      oracle: FEED.toLowerCase(),
      thresholdScaled: 250_050_000_000n,
      direction: 'Below',
      everyNBlocks: 5n,
      maxPriceAgeSecs: 3_600,
    })
    expect(parsePriceAlertConfig({ ...base, max_price_age_secs: '27' }).maxPriceAgeSecs).toBe(27)
  })

  it('defaults every_n_blocks to 1 and reads direction case-insensitively', () => {
    const { every_n_blocks: _omitted, ...rest } = base
    const s = parsePriceAlertConfig({ ...rest, threshold: '1', direction: 'ABOVE' })
    expect(s.everyNBlocks).toBe(1n)
    expect(s.direction).toBe('Above')
  })

  it('turns every_n_blocks = 0 into 1', () => {
    expect(parsePriceAlertConfig({ ...base, every_n_blocks: '0' }).everyNBlocks).toBe(1n)
  })

  it.each([
    ['1.5', 150_000_000n], // pads a short fraction
    ['1.123456789', 112_345_678n], // truncates a long one, no rounding
    ['42', 4_200_000_000n], // no decimal point
    ['-1.5', -150_000_000n], // negative thresholds are allowed
    ['.5', 50_000_000n],
  ])('scales threshold %s by 10^8 → %s', (threshold, scaled) => {
    expect(parsePriceAlertConfig({ ...base, threshold }).thresholdScaled).toBe(scaled)
  })

  it('accepts an address without 0x, as alloy does', () => {
    expect(parsePriceAlertConfig({ ...base, oracle_address: FEED.slice(2) }).oracle).toBe(FEED.toLowerCase())
  })

  it.each([
    [{ oracle_address: undefined }, 'missing key "oracle_address"'],
    [{ decimals: undefined }, 'missing key "decimals"'],
    [{ threshold: undefined }, 'missing key "threshold"'],
    [{ direction: undefined }, 'missing key "direction"'],
    [{ oracle_address: 'not-an-address' }, 'oracle_address: invalid string length'],
    [{ oracle_address: `0x${'z'.repeat(40)}` }, "oracle_address: invalid character 'z' at position 0"],
    [{ decimals: 'eight' }, 'decimals: invalid digit found in string'],
    [{ decimals: '' }, 'decimals: cannot parse integer from empty string'],
    [{ decimals: '39' }, 'decimals=39 exceeds the I256 power-of-ten budget'],
    [{ threshold: 'not-a-number' }, 'threshold: non-digit character in "not-a-number"'],
    [{ threshold: '1.2.3' }, 'threshold: non-digit character in "1.2.3"'],
    [{ threshold: '' }, 'threshold: empty'],
    [{ direction: 'sideways' }, `direction: expected 'above'|'below', got "sideways"`],
    [{ every_n_blocks: '-1' }, 'every_n_blocks: invalid digit found in string'],
    [{ every_n_blocks: '18446744073709551616' }, 'every_n_blocks: number too large to fit in target type'],
  ])('rejects %o with "%s"', (change, detail) => {
    const config: Record<string, string> = { ...base }
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete config[k]
      else config[k] = v
    }
    expect(detailOf(config)).toBe(detail)
  })

  it('reports the first problem in the Rust engine’s order (oracle before threshold)', () => {
    expect(detailOf({ ...base, oracle_address: 'x', threshold: 'y' })).toMatch(/^oracle_address:/)
  })
})

describe('initLine', () => {
  it('is the Rust engine’s init line with the default manifest config', () => {
    const s = parsePriceAlertConfig({
      oracle_address: FEED,
      decimals: '8',
      threshold: '2500.00',
      direction: 'below',
      every_n_blocks: '1',
    })
    expect(initLine(s)).toBe(
      'price-alert init: oracle=0x694aa1769357215de4fac081bf1f309adc325306 threshold=250000000000 direction=Below every_n_blocks=1',
    )
  })
})
