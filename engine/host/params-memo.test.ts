import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HostError } from '../module-api/host-error.js'
import { parseParams } from './chain-host.js'
import { ParamsMemo } from './params-memo.js'

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen)
}

function outcome(work: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: work() }
  } catch (error) {
    return { error: error instanceof HostError ? `${error.kind} ${error.code} ${error.message}` : String(error) }
  }
}

describe('ParamsMemo', () => {
  it('gives what parseParams gives, first and later times, whatever the text', () => {
    const text = fc.oneof(
      fc.array(fc.jsonValue(), { maxLength: 4 }).map((a) => JSON.stringify(a)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constantFrom('', '[', '[1,]', '{}', 'null', '[{"to":"0xab","data":"0x"},"latest"]'),
    )
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (texts) => {
        const memo = new ParamsMemo()
        for (const t of [...texts, ...texts]) {
          expect(outcome(() => memo.get(t, parseParams))).toEqual(outcome(() => parseParams(t)))
        }
      }),
      { numRuns: 500 },
    )
  })

  it('hands out the same frozen value for a text seen before, so no caller can change the next request', () => {
    const memo = new ParamsMemo()
    const text = '[{"to":"0x694aa1769357215de4fac081bf1f309adc325306","data":"0xfeaf968c"},"latest"]'
    const first = memo.get(text, parseParams)
    expect(memo.get(text, parseParams)).toBe(first)
    expect(isDeepFrozen(first)).toBe(true)
    expect(() => {
      ;(first[0] as { to: string }).to = '0x0'
    }).toThrow(TypeError)
    expect(() => (first as unknown[]).push(1)).toThrow(TypeError)
    expect(memo.get(text, parseParams)).toEqual(JSON.parse(text))
  })

  it('parses a long text every time, and keeps working once more texts than it holds were seen', () => {
    const memo = new ParamsMemo()
    const long = JSON.stringify(['x'.repeat(2_000)])
    expect(memo.get(long, parseParams)).not.toBe(memo.get(long, parseParams))
    for (let i = 0; i < 200; i++) expect(memo.get(`[${i}]`, parseParams)).toEqual([i])
    expect(memo.get('[7]', parseParams)).toBe(memo.get('[7]', parseParams))
  })
})
