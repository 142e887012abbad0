import { randomFillSync } from 'node:crypto'
import type { RandomSource } from '../random/random.js'

export const cryptoRandom: RandomSource = {
  fill: (length) => randomFillSync(new Uint8Array(length)),
}
