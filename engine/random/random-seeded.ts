import type { RandomSource } from './random.js'

/** splitmix64: tiny, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: bigint | number): RandomSource & { next64(): bigint } {
  let state = BigInt.asUintN(64, BigInt(seed))
  const next64 = (): bigint => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n)
    let z = state
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n)
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn)
    return z ^ (z >> 31n)
  }
  return {
    next64,
    fill(length) {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i += 8) {
        let word = next64()
        for (let j = i; j < Math.min(i + 8, length); j++) {
          out[j] = Number(word & 0xffn)
          word >>= 8n
        }
      }
      return out
    },
  }
}
