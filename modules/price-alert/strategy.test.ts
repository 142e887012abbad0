import { describe, it, expect } from 'vitest'
import type { Hex } from '../sdk/index.js'
import { HostError } from '../sdk/index.js'
import { MockHost } from '../sdk/testing/index.js'
import type { PriceAlertSettings } from './config.js'
import { fires, isPollBlock, onBlock } from './strategy.js'

const SEPOLIA = 11_155_111
const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const LATEST_ROUND_DATA: Hex = '0xfeaf968c'

/** One ABI word: two's complement, 32 bytes big-endian (encoded by hand, independent of viem). */
const word = (v: bigint): string => BigInt.asUintN(256, v).toString(16).padStart(64, '0')
/** `latestRoundData()` return data: (roundId, answer, startedAt, updatedAt, answeredInRound). */
const roundData = (answer: bigint, updatedAt = UPDATED_AT): Hex =>
  `0x${word(7n)}${word(answer)}${word(updatedAt)}${word(updatedAt)}${word(7n)}`
/** The feed's last update: 10 minutes before the test blocks' time. */
const UPDATED_AT = 1_700_000_000n - 600n

const settings = (thresholdScaled: bigint, direction: 'Above' | 'Below', everyNBlocks = 1n): PriceAlertSettings => ({
  oracle: FEED,
  thresholdScaled,
  direction,
  everyNBlocks,
  maxPriceAgeSecs: 3_600,
})

const block = (number: number) => ({
  chainId: SEPOLIA,
  number,
  hash: `0x${'ab'.repeat(32)}` as Hex,
  timestamp: 1_700_000_000_000,
})

function hostAnswering(answer: bigint): MockHost {
  const host = new MockHost({ moduleName: 'price-alert' })
  host.chain.respondEthCall(FEED, LATEST_ROUND_DATA, roundData(answer))
  return host
}

describe('fires', () => {
  it('Below fires at or under the threshold', () => {
    expect(fires(99n, 100n, 'Below')).toBe(true)
    expect(fires(100n, 100n, 'Below')).toBe(true)
    expect(fires(101n, 100n, 'Below')).toBe(false)
  })
  it('Above fires at or over the threshold', () => {
    expect(fires(101n, 100n, 'Above')).toBe(true)
    expect(fires(100n, 100n, 'Above')).toBe(true)
    expect(fires(99n, 100n, 'Above')).toBe(false)
  })
  it('compares signed values', () => {
    expect(fires(-5n, -1n, 'Below')).toBe(true)
    expect(fires(-5n, -1n, 'Above')).toBe(false)
  })
})

describe('isPollBlock', () => {
  it('polls on multiples of N only', () => {
    expect([1, 2, 3, 4, 5, 10].filter((n) => isPollBlock(n, 5n))).toEqual([5, 10])
    expect(isPollBlock(7, 1n)).toBe(true)
  })
})

describe('onBlock', () => {
  it('logs ok at info when the price is on the quiet side', async () => {
    const host = hostAnswering(300_000_000_000n)
    await onBlock(host, block(100), settings(250_050_000_000n, 'Below'))
    expect(host.chain.callCount('eth_call')).toBe(1)
    expect(host.logging.lines).toEqual([
      { level: 'info', message: 'price-alert: ok answer=300000000000 threshold=250050000000 (Below)' },
    ])
  })

  it('logs TRIGGERED at warn below the threshold (the M3 runbook line)', async () => {
    const host = hostAnswering(174_553_978_080n)
    await onBlock(host, block(100), settings(250_000_000_000n, 'Below'))
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: 'price-alert: TRIGGERED answer=174553978080 threshold=250000000000 (Below)' },
    ])
  })

  it('logs TRIGGERED at warn above the threshold', async () => {
    const host = hostAnswering(200n)
    await onBlock(host, block(100), settings(100n, 'Above'))
    expect(host.logging.messages('warn')).toEqual(['price-alert: TRIGGERED answer=200 threshold=100 (Above)'])
  })

  it('fires on every polled block while the condition holds (no dedup)', async () => {
    const host = hostAnswering(50n)
    for (const n of [1, 2, 3]) await onBlock(host, block(n), settings(100n, 'Below'))
    expect(host.logging.countAt('warn')).toBe(3)
  })

  it('ignores an answer at or below 0 with a warning (a broken feed is not a price)', async () => {
    const host = hostAnswering(-1n)
    await onBlock(host, block(1), settings(0n, 'Below'))
    expect(host.logging.messages()).toEqual([
      "price-alert: ignoring the oracle's answer: answer -1 is not a price (at or below 0)",
    ])
  })

  it('ignores an answer older than max_price_age_secs with a warning', async () => {
    const host = new MockHost()
    host.chain.respondEthCall(FEED, LATEST_ROUND_DATA, roundData(50n, 1_700_000_000n - 3_601n))
    await onBlock(host, block(1), settings(100n, 'Below'))
    expect(host.logging.messages('warn')).toEqual([
      "price-alert: ignoring the oracle's answer: answer is stale: updated 3601s before this block (updatedAt=1699996399), more than max_price_age_secs=3600",
    ])
  })

  it('warns and returns on an RPC error', async () => {
    const host = new MockHost()
    host.chain.fail(
      'eth_call',
      JSON.stringify([{ to: FEED, data: LATEST_ROUND_DATA }, 'latest']),
      new HostError({
        domain: 'chain',
        kind: 'timeout',
        code: 0,
        message: 'request timed out after 30000 ms',
      }),
    )
    await expect(onBlock(host, block(100), settings(100n, 'Below'))).resolves.toBeUndefined()
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: 'price-alert eth_call failed (0): request timed out after 30000 ms' },
    ])
  })

  it('an unprogrammed chain (unsupported) is the same warning', async () => {
    const host = new MockHost()
    await onBlock(host, block(1), settings(100n, 'Below'))
    expect(host.logging.contains('price-alert eth_call failed (0): MockChain: no response configured', 'warn')).toBe(
      true,
    )
  })

  it('warns when the result is not a JSON hex string', async () => {
    const host = new MockHost()
    host.chain.respond('eth_call', JSON.stringify([{ to: FEED, data: LATEST_ROUND_DATA }, 'latest']), 'not-json')
    await onBlock(host, block(100), settings(100n, 'Below'))
    expect(host.logging.lines).toEqual([{ level: 'warn', message: 'price-alert: cannot decode result hex not-json' }])
  })

  it('warns when the bytes do not decode (an EOA answers 0x)', async () => {
    const host = new MockHost()
    host.chain.respondEthCall(FEED, LATEST_ROUND_DATA, '0x')
    await onBlock(host, block(100), settings(100n, 'Below'))
    expect(host.logging.countAt('warn')).toBe(1)
    expect(host.logging.messages('warn')[0]).toMatch(/^price-alert: latestRoundData decode failed: \S/)
  })

  it('respects the every_n_blocks throttle', async () => {
    const host = hostAnswering(50n)
    for (let n = 1; n < 5; n++) await onBlock(host, block(n), settings(100n, 'Below', 5n))
    expect(host.chain.callCount()).toBe(0)
    expect(host.logging.lines).toEqual([])
    await onBlock(host, block(5), settings(100n, 'Below', 5n))
    expect(host.chain.callCount()).toBe(1)
  })

  it('asks the chain of the block it was given', async () => {
    const host = hostAnswering(1n)
    await onBlock(host, { ...block(3), chainId: 1 }, settings(100n, 'Below'))
    expect(host.chain.lastCall()?.chainId).toBe(1)
  })
})
