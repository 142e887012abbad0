import { describe, it, expect } from 'vitest'
import { initLine, parseAddresses, parseBalanceTrackerConfig } from './config.js'
import { InvalidConfigError } from '../sdk/index.js'

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

function detailOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError)
    return (error as InvalidConfigError).detail
  }
  throw new Error('expected an InvalidConfigError')
}

describe('parseAddresses', () => {
  it('trims whitespace, keeps order, lowercases', () => {
    expect(parseAddresses(`  ${A} ,\n ${B}`)).toEqual([A.toLowerCase(), B.toLowerCase()])
  })
  it('skips empty segments', () => {
    expect(parseAddresses(`${A},,`)).toEqual([A.toLowerCase()])
  })
  it('rejects an empty list', () => {
    expect(detailOf(() => parseAddresses(''))).toBe('expected at least one address')
    expect(detailOf(() => parseAddresses(', ,'))).toBe('expected at least one address')
  })
  it('names a malformed address by its raw segment index', () => {
    expect(detailOf(() => parseAddresses('not-an-address'))).toBe(
      'address #0 ("not-an-address"): invalid string length',
    )
    expect(detailOf(() => parseAddresses(`${A},, 0x12`))).toBe('address #2 ("0x12"): invalid string length')
  })
})

describe('parseBalanceTrackerConfig', () => {
  it('parses the manifest defaults', () => {
    expect(parseBalanceTrackerConfig({ addresses: `${A},${B}`, change_threshold: '100000000000000000' })).toEqual({
      addresses: [A.toLowerCase(), B.toLowerCase()],
      changeThreshold: 100_000_000_000_000_000n,
    })
  })
  it('rejects missing keys, checking both before parsing either', () => {
    expect(detailOf(() => parseBalanceTrackerConfig({ change_threshold: '1' }))).toBe('missing key "addresses"')
    expect(detailOf(() => parseBalanceTrackerConfig({ addresses: A }))).toBe('missing key "change_threshold"')
    expect(detailOf(() => parseBalanceTrackerConfig({ addresses: 'junk' }))).toBe('missing key "change_threshold"')
  })
  it('rejects a threshold that is not a u256', () => {
    expect(detailOf(() => parseBalanceTrackerConfig({ addresses: A, change_threshold: '0.1' }))).toBe(
      'change_threshold: invalid digit found in string',
    )
    expect(detailOf(() => parseBalanceTrackerConfig({ addresses: A, change_threshold: `1${'0'.repeat(78)}` }))).toBe(
      'change_threshold: number too large to fit in target type',
    )
  })
  it('accepts a hex threshold, as alloy U256 does', () => {
    expect(parseBalanceTrackerConfig({ addresses: A, change_threshold: '0x10' }).changeThreshold).toBe(16n)
  })
})

describe('initLine', () => {
  it('is the Rust engine’s init line', () => {
    expect(
      initLine(parseBalanceTrackerConfig({ addresses: `${A},${B}`, change_threshold: '100000000000000000' })),
    ).toBe('balance-tracker init: 2 addresses, threshold=100000000000000000 wei')
  })
})
