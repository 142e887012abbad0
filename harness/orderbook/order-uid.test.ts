import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Hex } from '../../engine/module-api/index.js'
import type { OrderData } from '../../modules/sdk/cow/order.js'
import { computeOrderUid } from '../../modules/sdk/cow/order-uid.js'
import { OrderEncodingError, orderUid } from './order-uid.js'

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })

const orderArbitrary: fc.Arbitrary<OrderData> = fc.record({
  sellToken: hex(20),
  buyToken: hex(20),
  receiver: fc.option(hex(20), { nil: undefined }),
  sellAmount: uint256,
  buyAmount: uint256,
  validTo: fc.integer({ min: 0, max: 0xffffffff }),
  appData: hex(32),
  feeAmount: uint256,
  kind: fc.constantFrom('sell' as const, 'buy' as const),
  partiallyFillable: fc.boolean(),
  sellTokenBalance: fc.constantFrom('erc20' as const, 'external' as const, 'internal' as const),
  buyTokenBalance: fc.constantFrom('erc20' as const, 'internal' as const),
})

describe('orderUid', () => {
  test.prop([orderArbitrary, hex(20), fc.constantFrom(1, 100, 8453, 42161, 11155111)], { numRuns: 200 })(
    'equals the SDK computeOrderUid for any order, owner and chain',
    (order, owner, chainId) => {
      expect(orderUid(order, owner, chainId)).toBe(computeOrderUid(order, owner, chainId))
    },
  )

  it('equals the CoW contracts library on a fixed order', () => {
    const order: OrderData = {
      sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      buyToken: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
      receiver: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      sellAmount: 10n ** 18n,
      buyAmount: 2_500_000_000n,
      validTo: 1_750_003_600,
      appData: '0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d',
      feeAmount: 0n,
      kind: 'buy',
      partiallyFillable: true,
      sellTokenBalance: 'external',
      buyTokenBalance: 'internal',
    }
    const owner = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'
    const reference = cowOrder.computeOrderUid(
      { name: 'Gnosis Protocol', version: 'v2', chainId: 100, verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41' },
      {
        ...order,
        sellAmount: order.sellAmount.toString(),
        buyAmount: order.buyAmount.toString(),
        feeAmount: '0',
        kind: cowOrder.OrderKind.BUY,
        sellTokenBalance: cowOrder.OrderBalance.EXTERNAL,
        buyTokenBalance: cowOrder.OrderBalance.INTERNAL,
      },
      owner,
    )
    expect(orderUid(order, owner, 100)).toBe(reference.toLowerCase())
  })

  it('refuses values the struct cannot hold', () => {
    const order = { sellToken: `0x${'11'.repeat(20)}`, buyToken: `0x${'22'.repeat(20)}`, sellAmount: 1n, buyAmount: 1n, validTo: 1, appData: `0x${'00'.repeat(32)}`, feeAmount: 0n, kind: 'sell', partiallyFillable: false, sellTokenBalance: 'erc20', buyTokenBalance: 'erc20' } as OrderData
    expect(() => orderUid({ ...order, validTo: 2 ** 32 }, order.sellToken, 1)).toThrow(OrderEncodingError)
    expect(() => orderUid({ ...order, sellAmount: 2n ** 256n }, order.sellToken, 1)).toThrow(/uint256/)
    expect(() => orderUid({ ...order, kind: 'swap' as 'sell' }, order.sellToken, 1)).toThrow(/unknown order enum value "swap"/)
    expect(() => orderUid({ ...order, appData: `0x${'00'.repeat(33)}` }, order.sellToken, 1)).toThrow(/32-byte word/)
  })
})
