import { describe, it, expect } from 'vitest'
import { EMPTY_APP_DATA_HASH, HostError } from '../sdk/index.js'
import type { StopLossSettings } from './config.js'
import { buildSubmission, stopLossOrder } from './stop-loss-order.js'

const SEPOLIA = 11_155_111

const defaults: StopLossSettings = {
  oracle: '0x694aa1769357215de4fac081bf1f309adc325306',
  triggerScaled: 250_000_000_000n,
  owner: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  sellToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
  buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  sellAmount: 10n ** 18n,
  buyAmount: 3n * 10n ** 17n,
  validTo: 0xffffffff,
  maxPriceAgeSecs: 3_600,
}

describe('buildSubmission', () => {
  it('reproduces the UID the Rust engine pinned for the COW-1064 e2e settings', () => {
    // From the Rust engine's stop-loss test `cow_1064_e2e_settings_yield_expected_uid`: an operator
    // pre-signs this UID, so it must not drift.
    const settings: StopLossSettings = {
      ...defaults,
      triggerScaled: 200_000_000_000n,
      owner: '0x7bf140727d27ea64b607e042f1225680b40eca6a',
      sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      buyToken: '0x0625afb445c3b6b7b929342a04a22599fd5dbb59',
      sellAmount: 5_000_000_000_000_000n,
      buyAmount: 20_000_000_000_000_000_000n,
    }
    expect(buildSubmission(SEPOLIA, settings).uid).toBe(
      '0xc2b9cb4ea1ee5a86d8049ac09d8f494bf04cca0a68407285f31e2e6379800be87bf140727d27ea64b607e042f1225680b40eca6affffffff',
    )
  })

  it('builds a PreSign sell order from the owner, to the owner, fee 0, appData "{}"', () => {
    const { uid, body } = buildSubmission(SEPOLIA, defaults)
    expect(uid).toMatch(/^0x[0-9a-f]{112}$/)
    expect(uid.endsWith(`${defaults.owner.slice(2)}ffffffff`)).toBe(true)
    expect(body).toEqual({
      sellToken: defaults.sellToken,
      buyToken: defaults.buyToken,
      receiver: defaults.owner,
      sellAmount: '1000000000000000000',
      buyAmount: '300000000000000000',
      validTo: 4_294_967_295,
      appData: '{}',
      appDataHash: EMPTY_APP_DATA_HASH,
      feeAmount: '0',
      kind: 'sell',
      partiallyFillable: false,
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
      signingScheme: 'presign',
      signature: '0x',
      from: defaults.owner,
    })
  })

  it('is the same order every block (a stable UID is what makes dedup work)', () => {
    expect(buildSubmission(SEPOLIA, defaults)).toEqual(buildSubmission(SEPOLIA, defaults))
    expect(stopLossOrder(defaults).appData).toBe(EMPTY_APP_DATA_HASH)
  })

  it('the UID depends on the chain (settlement domain)', () => {
    expect(buildSubmission(1, defaults).uid).not.toBe(buildSubmission(SEPOLIA, defaults).uid)
  })

  it('refuses a chain without cowprotocol', () => {
    const error = (() => {
      try {
        buildSubmission(5, defaults)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(HostError)
    expect(String(error)).toBe('stop-loss: chain 5 not supported by cowprotocol (code=0, kind=unsupported)')
  })

  it('refuses the zero owner (the body would have no `from`)', () => {
    expect(() =>
      buildSubmission(SEPOLIA, { ...defaults, owner: '0x0000000000000000000000000000000000000000' }),
    ).toThrow(/cowprotocol rejected the body: invalid OrderCreation: from must not be the zero address/)
  })
})
