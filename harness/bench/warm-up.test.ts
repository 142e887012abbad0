import { describe, expect, it } from 'vitest'
import { STEADY, isSteady, warmUntilSteady } from './warm-up.js'

const replay = (times: number[]) => {
  let i = 0
  return async () => times[i++] ?? 0
}

describe('warmUntilSteady', () => {
  it('stops at the first run that makes two steady steps in a row', async () => {
    // The engine alone from a new process: tiering, then 21–23 ms.
    const seen = await warmUntilSteady(replay([99.6, 71.8, 58.2, 59.0, 37.1, 29.8, 29.6, 19.5, 22.3, 21.4, 22.7]))
    expect(seen).toEqual([99.6, 71.8, 58.2, 59.0, 37.1, 29.8, 29.6, 19.5, 22.3, 21.4])
  })

  it('runs at least `min` times even when the first runs agree', async () => {
    let runs = 0
    const seen = await warmUntilSteady(
      async () => {
        runs++
        return 10
      },
      { ...STEADY, min: 5 },
    )
    expect(runs).toBe(5)
    expect(seen).toHaveLength(5)
  })

  it('gives up after `max` runs on a machine that never settles', async () => {
    const seen = await warmUntilSteady(replay([10, 20, 10, 20, 10, 20, 10, 20, 10, 20, 10, 20, 10, 20]))
    expect(seen).toHaveLength(STEADY.max)
  })
})

describe('isSteady', () => {
  it('needs three times', () => {
    expect(isSteady([1, 1], 0.1)).toBe(false)
  })
  it('compares each of the last two steps with the time before it', () => {
    expect(isSteady([100, 50, 52, 53], 0.1)).toBe(true)
    expect(isSteady([50, 52, 60], 0.1)).toBe(false)
    expect(isSteady([50, 60, 61], 0.1)).toBe(false)
  })
})
