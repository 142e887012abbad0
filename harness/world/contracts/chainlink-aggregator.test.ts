import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeFunctionResult,
  encodeFunctionData,
  encodeFunctionResult,
  parseAbi,
  toFunctionSelector,
  type Abi,
} from 'viem'
import type { ChainlinkAggregatorDecl } from '../../scenario/types.js'
import { answerChainlinkAggregator } from './chainlink-aggregator.js'

// Written independently of ./abis.ts: the interface as a module would declare it.
const feedAbi = parseAbi([
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function version() view returns (uint256)',
  'function latestAnswer() view returns (int256)',
  'function latestTimestamp() view returns (uint256)',
  'function latestRound() view returns (uint256)',
  'function getRoundData(uint80) view returns (uint80, int256, uint256, uint256, uint80)',
])

/** What viem encodes for `latestRoundData` answering `answer` in `roundId`, updated at `t`. */
const viemAnswer = (roundId: bigint, answer: bigint, t: bigint) => ({
  kind: 'return',
  data: encodeFunctionResult({
    abi: feedAbi,
    functionName: 'latestRoundData',
    result: [roundId, answer, t, t, roundId],
  }),
})

const feed: ChainlinkAggregatorDecl = {
  kind: 'chainlink-aggregator',
  decimals: 8,
  answer: 174553978080n,
  description: 'ETH / USD',
  roundId: 18446744073709552000n,
}
const context = { headTimestamp: 1_750_000_000 }

type FeedRead =
  | 'latestRoundData'
  | 'decimals'
  | 'description'
  | 'version'
  | 'latestAnswer'
  | 'latestTimestamp'
  | 'latestRound'

function call(decl: ChainlinkAggregatorDecl, functionName: FeedRead): unknown {
  const abi: Abi = feedAbi
  const outcome = answerChainlinkAggregator(decl, encodeFunctionData({ abi, functionName }), context)
  if (outcome.kind !== 'return') throw new Error(`expected a return, got ${JSON.stringify(outcome)}`)
  return decodeFunctionResult({ abi, functionName, data: outcome.data })
}

describe('answerChainlinkAggregator', () => {
  it('answers latestRoundData from the declaration, fresh at the head by default', () => {
    expect(toFunctionSelector('latestRoundData()')).toBe('0xfeaf968c')
    expect(call(feed, 'latestRoundData')).toEqual([
      feed.roundId,
      feed.answer,
      1_750_000_000n,
      1_750_000_000n,
      feed.roundId,
    ])
  })

  it('uses the declared updatedAt when given', () => {
    const stale = { ...feed, updatedAt: 1_700_000_000n }
    expect(call(stale, 'latestRoundData')).toEqual([
      feed.roundId,
      feed.answer,
      1_700_000_000n,
      1_700_000_000n,
      feed.roundId,
    ])
    expect(call(stale, 'latestTimestamp')).toBe(1_700_000_000n)
  })

  it('answers a negative answer as int256', () => {
    expect(call({ ...feed, answer: -5n }, 'latestAnswer')).toBe(-5n)
  })

  it('answers decimals, description, version and the legacy reads', () => {
    expect(call(feed, 'decimals')).toBe(8)
    expect(call(feed, 'description')).toBe('ETH / USD')
    expect(call(feed, 'version')).toBe(4n)
    expect(call(feed, 'latestAnswer')).toBe(feed.answer)
    expect(call(feed, 'latestRound')).toBe(feed.roundId)
  })

  it('has no answer for a function the declaration does not cover', () => {
    const data = encodeFunctionData({ abi: feedAbi, functionName: 'getRoundData', args: [1n] })
    expect(answerChainlinkAggregator(feed, data, context)).toEqual({
      kind: 'no-answer',
      reason: `selector ${data.slice(0, 10)} is not a function of the chainlink-aggregator`,
    })
  })

  it('has no answer for calldata without a selector', () => {
    expect(answerChainlinkAggregator(feed, '0x', context)).toMatchObject({
      kind: 'no-answer',
      reason: expect.stringContaining('no function selector'),
    })
  })
})

describe('latestRoundData stamped with the head time', () => {
  it('is viem’s encoding of the round for any declared round, answer and head time', () => {
    const data = encodeFunctionData({ abi: feedAbi, functionName: 'latestRoundData' })
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 80n - 1n }),
        fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n }),
        fc.nat(),
        (roundId, answer, headTimestamp) => {
          const decl: ChainlinkAggregatorDecl = { ...feed, roundId, answer }
          const t = BigInt(headTimestamp)
          expect(answerChainlinkAggregator(decl, data, { headTimestamp })).toEqual(viemAnswer(roundId, answer, t))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('follows a declaration changed in place between blocks (a step moving the answer)', () => {
    const data = encodeFunctionData({ abi: feedAbi, functionName: 'latestRoundData' })
    const decl: ChainlinkAggregatorDecl = { ...feed }
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            roundId: fc.bigInt({ min: 0n, max: 2n ** 80n - 1n }),
            answer: fc.oneof(fc.constantFrom(0n, 1n, -1n), fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n })),
            headTimestamp: fc.nat(),
            change: fc.constantFrom('round', 'answer', 'both', 'none'),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (blocks) => {
          for (const { roundId, answer, headTimestamp, change } of blocks) {
            if (change === 'round' || change === 'both') decl.roundId = roundId
            if (change === 'answer' || change === 'both') decl.answer = answer
            const t = BigInt(headTimestamp)
            expect(answerChainlinkAggregator(decl, data, { headTimestamp })).toEqual(
              viemAnswer(decl.roundId, decl.answer, t),
            )
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('refuses a round id a uint80 cannot hold, as viem does', () => {
    const data = encodeFunctionData({ abi: feedAbi, functionName: 'latestRoundData' })
    expect(() => answerChainlinkAggregator({ ...feed, roundId: 2n ** 80n }, data, context)).toThrow(
      /is not in safe 80-bit unsigned integer range/,
    )
  })
})
