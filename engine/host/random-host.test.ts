import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random/random-seeded.js'
import { thrownBy } from './host-test-doubles.js'
import { createRandomHost } from './random-host.js'

describe('random host', () => {
  it('fills from the engine random source', () => {
    const host = createRandomHost(seededRandom(7))
    expect(host.fill(12)).toEqual(seededRandom(7).fill(12))
    expect(host.fill(0)).toEqual(new Uint8Array(0))
  })

  it('refuses a length that is not a non-negative integer', () => {
    const host = createRandomHost(seededRandom(7))
    for (const length of [-1, 1.5, Number.NaN]) {
      expect(thrownBy(() => host.fill(length))).toMatchObject({
        name: 'HostError',
        domain: 'random',
        kind: 'invalid-input',
        code: 0,
      })
    }
  })
})
