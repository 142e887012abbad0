import { fc, test } from '@fast-check/vitest'
import { hashTypedData, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { GPV2_ORDER_TYPES, type Gpv2Order, gpv2Domain, orderMessage } from './gpv2-order.js'
import { orderHash } from './order-hash.js'

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
const uint = (bits: number) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n })

const order: fc.Arbitrary<Gpv2Order> = fc.record({
  sellToken: hex(20),
  buyToken: hex(20),
  receiver: fc.option(hex(20), { nil: undefined }),
  sellAmount: uint(256),
  buyAmount: uint(256),
  validTo: fc.nat({ max: 0xffff_ffff }),
  appData: hex(32),
  feeAmount: uint(256),
  kind: fc.constantFrom('sell', 'buy'),
  partiallyFillable: fc.boolean(),
  sellTokenBalance: fc.constantFrom('erc20', 'external', 'internal'),
  buyTokenBalance: fc.constantFrom('erc20', 'internal'),
})

const viaViem = (o: Gpv2Order, chainId: number) =>
  hashTypedData({
    domain: gpv2Domain(chainId),
    types: GPV2_ORDER_TYPES,
    primaryType: 'Order',
    message: orderMessage(o),
  })

describe('orderHash', () => {
  test.prop([order, fc.constantFrom(1, 100, 11155111, 42161)])(
    "is viem's hashTypedData over the settlement domain, the domain's hash kept per chain",
    (o, chainId) => {
      expect(orderHash(o, chainId)).toBe(viaViem(o, chainId))
    },
  )

  test.prop([order, order, fc.constantFrom(1, 100)])(
    'is the same for an order met again, and tells apart orders met one after the other (remembered hashes)',
    (a, b, chainId) => {
      const first = orderHash(a, chainId)
      expect(orderHash(b, chainId)).toBe(viaViem(b, chainId))
      expect(orderHash({ ...a }, chainId)).toBe(first)
      expect(orderHash(a, chainId === 1 ? 100 : 1)).toBe(viaViem(a, chainId === 1 ? 100 : 1))
    },
  )

  it('refuses what viem refuses (a value out of its type), as hashTypedData does, each time', () => {
    const [sample] = fc.sample(order, { numRuns: 1, seed: 7 })
    const bad = { ...sample!, validTo: 2 ** 32 }
    expect(() => viaViem(bad, 1)).toThrow()
    expect(() => orderHash(bad, 1)).toThrow()
    expect(() => orderHash(bad, 1)).toThrow()
    // The same values as another type: a string amount is not the bigint one remembered.
    orderHash(sample!, 1)
    const asText = { ...sample!, sellAmount: String(sample!.sellAmount) } as unknown as Gpv2Order
    let viem: unknown
    let ours: unknown
    try {
      viem = viaViem(asText, 1)
    } catch (error) {
      viem = (error as Error).name
    }
    try {
      ours = orderHash(asText, 1)
    } catch (error) {
      ours = (error as Error).name
    }
    expect(ours).toEqual(viem)
  })
})
