import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_PRICE_AGE_SECS, oracleAnswerProblem } from './oracle-answer-problem.js'

const round = (answer: bigint, updatedAt: bigint) => ({
  roundId: 1n,
  answer,
  startedAt: updatedAt,
  updatedAt,
  answeredInRound: 1n,
})

describe('oracleAnswerProblem', () => {
  it('accepts a positive answer updated within the heartbeat', () => {
    expect(oracleAnswerProblem(round(1n, 1_000n), 1_000 + DEFAULT_MAX_PRICE_AGE_SECS, DEFAULT_MAX_PRICE_AGE_SECS)).toBe(
      undefined,
    )
  })

  it('refuses an answer at or below zero', () => {
    expect(oracleAnswerProblem(round(-1n, 1_000n), 1_000, 3_600)).toBe('answer -1 is not a price (at or below 0)')
    expect(oracleAnswerProblem(round(0n, 1_000n), 1_000, 3_600)).toBe('answer 0 is not a price (at or below 0)')
  })

  it('refuses an answer older than the maximum age', () => {
    expect(oracleAnswerProblem(round(5n, 1_000n), 4_601, 3_600)).toBe(
      'answer is stale: updated 3601s before this block (updatedAt=1000), more than max_price_age_secs=3600',
    )
  })
})
