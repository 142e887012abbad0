import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeAbiParameters, keccak256 } from 'viem'
import { deriveBlockHash } from './block-hash.js'

describe('deriveBlockHash', () => {
  it('is a pure function of seed, chain and number', () => {
    expect(deriveBlockHash(42, 11155111, 7_000_000)).toBe(deriveBlockHash(42, 11155111, 7_000_000))
    expect(deriveBlockHash(42, 11155111, 7_000_000)).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it('changes with each input', () => {
    const base = deriveBlockHash(42, 11155111, 7_000_000)
    expect(deriveBlockHash(43, 11155111, 7_000_000)).not.toBe(base)
    expect(deriveBlockHash(42, 1, 7_000_000)).not.toBe(base)
    expect(deriveBlockHash(42, 11155111, 7_000_001)).not.toBe(base)
  })

  it('does not confuse inputs that would collide under naive concatenation', () => {
    // "1" ++ "23" vs "12" ++ "3" style collisions are impossible with fixed-width words.
    expect(deriveBlockHash(1, 23, 4)).not.toBe(deriveBlockHash(12, 3, 4))
  })

  it('is keccak256 of the documented canonical encoding', () => {
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: 'string' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
        ['nexum-sim/block-hash/v1', 7n, 1n, 100n],
      ),
    )
    expect(deriveBlockHash(7, 1, 100)).toBe(expected)
    // Multi-byte words, and a seed wider than a double's mantissa.
    for (const [seed, chain, number] of [
      [2_309_673_519n, 11_155_111, 7_000_000],
      [2n ** 200n + 255n, 2 ** 40, Number.MAX_SAFE_INTEGER],
    ] as const) {
      const words = keccak256(
        encodeAbiParameters(
          [{ type: 'string' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
          ['nexum-sim/block-hash/v1', seed, BigInt(chain), BigInt(number)],
        ),
      )
      expect(deriveBlockHash(seed, chain, number)).toBe(words)
    }
  })

  it('agrees with viem (keccak256 of encodeAbiParameters) for any seed, chain and number', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.nat(), fc.maxSafeNat(), (seed, chain, number) => {
        const viem = keccak256(
          encodeAbiParameters(
            [{ type: 'string' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
            ['nexum-sim/block-hash/v1', seed, BigInt(chain), BigInt(number)],
          ),
        )
        expect(deriveBlockHash(seed, chain, number)).toBe(viem)
      }),
      { numRuns: 500 },
    )
  })

  it('answers the same again from its memo, whatever evicted what (numbers 1,024 apart share a slot)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(1, 7, 2n ** 70n), fc.constantFrom(1, 11155111), fc.integer({ min: 0, max: 5 })),
          {
            maxLength: 40,
          },
        ),
        (calls) => {
          for (const [seed, chain, k] of calls) {
            const number = 7_000_000 + k * 1024
            const viem = keccak256(
              encodeAbiParameters(
                [{ type: 'string' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
                ['nexum-sim/block-hash/v1', BigInt(seed), BigInt(chain), BigInt(number)],
              ),
            )
            expect(deriveBlockHash(seed, chain, number)).toBe(viem)
          }
        },
      ),
      { numRuns: 100 },
    )
  })

  it('accepts a bigint seed equal to the number seed', () => {
    expect(deriveBlockHash(7n, 1, 100)).toBe(deriveBlockHash(7, 1, 100))
  })

  it('rejects negative or fractional inputs', () => {
    expect(() => deriveBlockHash(-1, 1, 1)).toThrow(/seed must be a non-negative integer/)
    expect(() => deriveBlockHash(1, 1, 1.5)).toThrow(/number must be a non-negative integer/)
  })
})
