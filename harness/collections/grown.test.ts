import { describe, expect, it } from 'vitest'
import { grown } from './grown.js'

describe('grown', () => {
  it('keeps the type and the entries, and zero-fills the rest', () => {
    const from = Int32Array.of(-1, 2, 3)
    const into = grown(from, 6)
    expect(into).toBeInstanceOf(Int32Array)
    expect([...into]).toEqual([-1, 2, 3, 0, 0, 0])
    expect(into).not.toBe(from)
  })

  it('copies doubles exactly', () => {
    expect([...grown(Float64Array.of(0.5, Number.NaN, -0), 4)]).toEqual([0.5, Number.NaN, -0, 0])
  })
})
