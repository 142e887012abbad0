import { keccak256, stringToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { OrderCreationDecodeError, decodeOrderCreation } from './decode-order-creation.js'
import { BUY_TOKEN, OWNER, SELL_TOKEN, presignOrderBody } from './test-helpers.js'

const EMPTY_HASH = keccak256(stringToHex('{}'))

function decodeError(body: Record<string, unknown>): string {
  try {
    decodeOrderCreation(body)
  } catch (error) {
    expect(error).toBeInstanceOf(OrderCreationDecodeError)
    return (error as Error).message
  }
  throw new Error('expected a decode error')
}

describe('decodeOrderCreation', () => {
  it('decodes a PreSign body into typed values', () => {
    const body = presignOrderBody({ sellToken: SELL_TOKEN.toUpperCase().replace('0X', '0x') })
    expect(decodeOrderCreation(body)).toEqual({
      sellToken: SELL_TOKEN,
      buyToken: BUY_TOKEN,
      receiver: undefined,
      sellAmount: 10n ** 18n,
      buyAmount: 2_500_000_000n,
      validTo: 1_750_003_600,
      feeAmount: 0n,
      kind: 'sell',
      partiallyFillable: false,
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
      signingScheme: 'presign',
      signature: '0x',
      from: OWNER,
      quoteId: undefined,
      appData: { form: 'both', full: '{}', hash: EMPTY_HASH, declared: EMPTY_HASH },
    })
  })

  it('reads appData as the server does: full text, a bare hash, or both', () => {
    expect(decodeOrderCreation(presignOrderBody({ appDataHash: undefined })).appData).toEqual({
      form: 'full',
      full: '{}',
      hash: EMPTY_HASH,
    })
    expect(
      decodeOrderCreation(
        presignOrderBody({ appDataHash: null, appData: EMPTY_HASH.toUpperCase().replace('0X', '0x') }),
      ).appData,
    ).toEqual({
      form: 'hash',
      hash: EMPTY_HASH,
    })
  })

  it('defaults the balances to erc20', () => {
    const body = presignOrderBody()
    delete body.sellTokenBalance
    delete body.buyTokenBalance
    const decoded = decodeOrderCreation(body)
    expect([decoded.sellTokenBalance, decoded.buyTokenBalance]).toEqual(['erc20', 'erc20'])
  })

  it('refuses what the schema lets through but the server types do not', () => {
    expect(decodeError(presignOrderBody({ sellToken: '0x1234' }))).toMatch(/^sellToken: invalid address "0x1234"/)
    expect(decodeError(presignOrderBody({ receiver: 'alice' }))).toMatch(/^receiver: invalid address/)
    expect(decodeError(presignOrderBody({ buyAmount: '-1' }))).toMatch(/^buyAmount: invalid amount "-1"/)
    expect(decodeError(presignOrderBody({ sellAmount: '1e18' }))).toMatch(/^sellAmount: invalid amount/)
    expect(decodeError(presignOrderBody({ feeAmount: (2n ** 256n).toString() }))).toMatch(
      /^feeAmount: amount .* does not fit in a uint256/,
    )
    expect(decodeError(presignOrderBody({ validTo: 2 ** 32 }))).toMatch(
      /^validTo: invalid value 4294967296, expected a u32/,
    )
    expect(decodeError(presignOrderBody({ signature: '0xabc' }))).toMatch(/^signature: invalid hex/)
    expect(decodeError(presignOrderBody({ signingScheme: 'eip712', signature: '0xabcd' }))).toBe(
      'signature: ECDSA signature must be 65 bytes long',
    )
    expect(decodeError(presignOrderBody({ appDataHash: '0x12' }))).toMatch(/^appDataHash: invalid hash/)
  })
})
