import { describe, it, expect } from 'vitest'
import type { Hex } from '../../../engine/module-api/index.js'
import {
  BALANCE_MARKERS,
  EMPTY_APP_DATA_HASH,
  EMPTY_APP_DATA_JSON,
  ORDER_KIND_MARKERS,
  OrderCreationError,
  appDataHash,
  buildOrderCreation,
  gpv2ToOrderData,
  orderDataToGpv2,
  type GPv2OrderData,
  type OrderData,
} from './order.js'

const order: OrderData = {
  sellToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
  buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  receiver: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  sellAmount: 10n ** 18n,
  buyAmount: 3n * 10n ** 17n,
  validTo: 4294967295,
  appData: EMPTY_APP_DATA_HASH,
  feeAmount: 0n,
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
}
const owner: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

describe('markers (docs/design.md §7.3)', () => {
  it('are keccak of the lowercase names', () => {
    expect(ORDER_KIND_MARKERS.sell).toMatch(/^0xf3b27772.*6775$/)
    expect(ORDER_KIND_MARKERS.buy).toMatch(/^0x6ed88e86.*9ccc$/)
    expect(BALANCE_MARKERS.erc20).toMatch(/^0x5a28e936.*0dc9$/)
    expect(BALANCE_MARKERS.external).toMatch(/^0xabee3b73.*0632$/)
    expect(BALANCE_MARKERS.internal).toMatch(/^0x4ac99ace.*a6ce$/)
  })
  it('EMPTY_APP_DATA_HASH is the hash the orderbook documents for "{}"', () => {
    expect(EMPTY_APP_DATA_JSON).toBe('{}')
    expect(EMPTY_APP_DATA_HASH).toBe('0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d')
  })
})

describe('gpv2ToOrderData', () => {
  const raw: GPv2OrderData = orderDataToGpv2(order)

  it('resolves markers and round-trips', () => {
    expect(gpv2ToOrderData(raw)).toEqual(order)
  })
  it('maps receiver 0x0 to undefined (the owner)', () => {
    const decoded = gpv2ToOrderData({ ...raw, receiver: '0x0000000000000000000000000000000000000000' })
    expect(decoded?.receiver).toBeUndefined()
  })
  it('lowercases addresses and accepts checksummed input', () => {
    const decoded = gpv2ToOrderData({ ...raw, sellToken: '0x6810e776880C02933D47DB1b9fc05908e5386b96' })
    expect(decoded?.sellToken).toBe('0x6810e776880c02933d47db1b9fc05908e5386b96')
  })
  it('resolves buy / external / internal markers', () => {
    const decoded = gpv2ToOrderData({
      ...raw,
      kind: ORDER_KIND_MARKERS.buy,
      sellTokenBalance: BALANCE_MARKERS.external,
      buyTokenBalance: BALANCE_MARKERS.internal,
    })
    expect(decoded).toMatchObject({ kind: 'buy', sellTokenBalance: 'external', buyTokenBalance: 'internal' })
  })
  it('returns undefined for an unknown marker', () => {
    const junk: Hex = `0x${'11'.repeat(32)}`
    expect(gpv2ToOrderData({ ...raw, kind: junk })).toBeUndefined()
    expect(gpv2ToOrderData({ ...raw, sellTokenBalance: junk })).toBeUndefined()
    expect(gpv2ToOrderData({ ...raw, buyTokenBalance: junk })).toBeUndefined()
  })
  it('refuses `external` as a buy balance (no such destination)', () => {
    expect(gpv2ToOrderData({ ...raw, buyTokenBalance: BALANCE_MARKERS.external })).toBeUndefined()
  })
})

describe('buildOrderCreation', () => {
  it('builds the PreSign body with camelCase fields and decimal amounts', () => {
    const body = buildOrderCreation({
      order,
      signingScheme: 'presign',
      from: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    })
    expect(body).toEqual({
      sellToken: order.sellToken,
      buyToken: order.buyToken,
      receiver: owner,
      sellAmount: '1000000000000000000',
      buyAmount: '300000000000000000',
      validTo: 4294967295,
      appData: '{}',
      appDataHash: EMPTY_APP_DATA_HASH,
      feeAmount: '0',
      kind: 'sell',
      partiallyFillable: false,
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
      signingScheme: 'presign',
      signature: '0x',
      from: owner,
    })
  })

  it('carries the EIP-1271 verifier bytes and a null receiver', () => {
    const body = buildOrderCreation({
      order: { ...order, receiver: undefined },
      signingScheme: 'eip1271',
      signature: '0xDEADbeef',
      from: owner,
    })
    expect(body).toMatchObject({ signingScheme: 'eip1271', signature: '0xdeadbeef', receiver: null })
  })

  it('accepts non-empty app data whose hash the order signed', () => {
    const json = '{"appCode":"x"}'
    const body = buildOrderCreation({
      order: { ...order, appData: appDataHash(json) },
      signingScheme: 'presign',
      from: owner,
      appData: json,
    })
    expect(body.appData).toBe(json)
    expect(body.appDataHash).toBe(appDataHash(json))
  })

  it('refuses app data whose digest differs from the signed hash, with the Rust engine’s wording', () => {
    const build = () =>
      buildOrderCreation({
        order: { ...order, appData: appDataHash('{"x":1}') },
        signingScheme: 'presign',
        from: owner,
      })
    expect(build).toThrow(OrderCreationError)
    expect(build).toThrow('invalid OrderCreation: app_data JSON digest does not match signed app_data hash')
  })

  it('refuses a zero or malformed from', () => {
    expect(() =>
      buildOrderCreation({ order, signingScheme: 'presign', from: '0x0000000000000000000000000000000000000000' }),
    ).toThrow(/zero address/)
    expect(() => buildOrderCreation({ order, signingScheme: 'presign', from: '0x12' })).toThrow(OrderCreationError)
  })
})
