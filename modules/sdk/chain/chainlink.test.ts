import fc from 'fast-check'
import { describe, it, expect } from 'vitest'
import { encodeAbiParameters, toFunctionSelector } from 'viem'
import { HostError } from '../../../engine/module-api/index.js'
import { MockHost } from '../testing/index.js'
import {
  ChainlinkDecodeError,
  LATEST_ROUND_DATA_SELECTOR,
  SEPOLIA_ETH_USD_FEED,
  decodeLatestRoundData,
  decodeWithViem,
  isFiveWordsOrMore,
  encodeLatestRoundData,
  readLatestRoundData,
} from './chainlink.js'

const SEPOLIA = 11155111

function roundBytes(answer: bigint) {
  return encodeAbiParameters(
    [{ type: 'uint80' }, { type: 'int256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint80' }],
    [18446744073709562301n, answer, 1_700_000_000n, 1_700_000_012n, 18446744073709562301n],
  )
}

describe('latestRoundData encoding', () => {
  it('is the bare selector 0xfeaf968c', () => {
    expect(encodeLatestRoundData()).toBe(LATEST_ROUND_DATA_SELECTOR)
    expect(toFunctionSelector('latestRoundData()')).toBe(LATEST_ROUND_DATA_SELECTOR)
  })
})

describe('readLatestRoundData', () => {
  it('decodes every field, including a negative answer', async () => {
    const host = new MockHost()
    host.chain.respondEthCall(SEPOLIA_ETH_USD_FEED, LATEST_ROUND_DATA_SELECTOR, roundBytes(-5n))
    await expect(readLatestRoundData(host, SEPOLIA, SEPOLIA_ETH_USD_FEED)).resolves.toEqual({
      roundId: 18446744073709562301n,
      answer: -5n,
      startedAt: 1_700_000_000n,
      updatedAt: 1_700_000_012n,
      answeredInRound: 18446744073709562301n,
    })
  })

  it('reads the Sepolia feed answer of the M3 runbook', async () => {
    const host = new MockHost()
    host.chain.respondEthCall(SEPOLIA_ETH_USD_FEED, LATEST_ROUND_DATA_SELECTOR, roundBytes(174553978080n))
    expect((await readLatestRoundData(host, SEPOLIA, SEPOLIA_ETH_USD_FEED)).answer).toBe(174553978080n)
  })

  it('rethrows an RPC HostError unchanged', async () => {
    const host = new MockHost()
    const error = new HostError({ domain: 'chain', kind: 'internal', code: -32603, message: 'header not found' })
    host.chain.fail('eth_call', `[{"to":"${SEPOLIA_ETH_USD_FEED.toLowerCase()}","data":"0xfeaf968c"},"latest"]`, error)
    await expect(readLatestRoundData(host, SEPOLIA, SEPOLIA_ETH_USD_FEED)).rejects.toBe(error)
  })

  it('an unprogrammed chain (unsupported) is a HostError too', async () => {
    await expect(readLatestRoundData(new MockHost(), SEPOLIA, SEPOLIA_ETH_USD_FEED)).rejects.toBeInstanceOf(HostError)
  })

  it("a result that is not a JSON hex string is a 'hex' decode error carrying the raw text", async () => {
    const host = new MockHost()
    host.chain.respond(
      'eth_call',
      `[{"to":"${SEPOLIA_ETH_USD_FEED.toLowerCase()}","data":"0xfeaf968c"},"latest"]`,
      '42',
    )
    const failure = await readLatestRoundData(host, SEPOLIA, SEPOLIA_ETH_USD_FEED).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ChainlinkDecodeError)
    expect(failure).toMatchObject({ stage: 'hex', raw: '42', message: 'cannot decode result hex 42' })
  })

  it("an EOA answering 0x is an 'abi' decode error", async () => {
    const host = new MockHost()
    host.chain.respondEthCall(SEPOLIA_ETH_USD_FEED, LATEST_ROUND_DATA_SELECTOR, '0x')
    const failure = await readLatestRoundData(host, SEPOLIA, SEPOLIA_ETH_USD_FEED).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ChainlinkDecodeError)
    expect(failure).toMatchObject({ stage: 'abi', raw: '0x' })
    expect((failure as Error).message).toMatch(/^latestRoundData decode failed: /)
  })
})

describe('decodeLatestRoundData', () => {
  it("throws 'abi' on truncated bytes", () => {
    expect(() => decodeLatestRoundData(roundBytes(1n).slice(0, 66) as `0x${string}`)).toThrow(ChainlinkDecodeError)
  })

  it('reads any five words (and trailing bytes) as viem decodes them', () => {
    const word = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      fc.constantFrom(0n, 1n, 2n ** 255n - 1n, 2n ** 255n, 2n ** 256n - 1n, 2n ** 80n),
    )
    const bytes = fc.tuple(fc.array(word, { minLength: 5, maxLength: 5 }), fc.nat({ max: 40 }), fc.boolean())
    fc.assert(
      fc.property(bytes, ([words, extra, upper]) => {
        let hex = `0x${words.map((w) => w.toString(16).padStart(64, '0')).join('')}${'ab'.repeat(extra)}`
        if (upper) hex = `0x${hex.slice(2).toUpperCase()}`
        expect(decodeLatestRoundData(hex as `0x${string}`)).toEqual(decodeWithViem(hex as `0x${string}`))
      }),
      { numRuns: 500 },
    )
  })

  it('takes the word-by-word path for exactly the texts of five or more whole hex words', () => {
    const counted = /^0x(?:[0-9a-fA-F]{2}){160,}$/
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 310, maxLength: 340 })
    const odd = fc.constantFrom('g', 'x', ' ', '\n', '0x', '-', '\u0660', '')
    // Hex digits of about five words' length, sometimes with one character replaced, sometimes
    // with another prefix.
    const text = fc
      .tuple(digits, fc.option(fc.tuple(fc.nat(), odd), { nil: undefined }), fc.constantFrom('0x', '0x', '0X', '', 'x'))
      .map(([h, swap, prefix]) => {
        if (swap === undefined) return `${prefix}${h}`
        const at = swap[0] % h.length
        return `${prefix}${h.slice(0, at)}${swap[1]}${h.slice(at + 1)}`
      })
    fc.assert(
      fc.property(text, (hex) => {
        expect(isFiveWordsOrMore(hex)).toBe(counted.test(hex))
      }),
      { numRuns: 3000 },
    )
    expect(isFiveWordsOrMore(roundBytes(1n))).toBe(true)
    expect(isFiveWordsOrMore(`${roundBytes(1n)}\n`)).toBe(false)
  })

  it('answers as viem does for anything that is not five whole words (short, odd length)', () => {
    const outcome = (decode: (hex: `0x${string}`) => unknown, hex: string) => {
      try {
        return decode(hex as `0x${string}`)
      } catch (error) {
        return error instanceof ChainlinkDecodeError ? `${error.stage}: ${error.message}` : error
      }
    }
    const five = roundBytes(-5n)
    for (const hex of ['0x', five.slice(0, 2 + 64 * 4), five.slice(0, 2 + 64 * 5 - 1), `0x${five.slice(3)}`]) {
      expect(outcome(decodeLatestRoundData, hex)).toEqual(outcome(decodeWithViem, hex))
    }
    expect(outcome(decodeLatestRoundData, '0x')).toMatch(/^abi: /)
  })
})
