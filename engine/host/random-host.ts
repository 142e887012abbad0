// `random`: bytes from the engine's random source (seeded under the harness).
import type { RandomHost } from '../module-api/host.js'
import { HostError } from '../module-api/host-error.js'
import type { RandomSource } from '../random/random.js'

export function createRandomHost(random: RandomSource): RandomHost {
  return {
    fill(length) {
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new HostError({
          domain: 'random',
          kind: 'invalid-input',
          code: 0,
          message: `length must be a non-negative integer, got ${length}`,
        })
      }
      return random.fill(length)
    },
  }
}
