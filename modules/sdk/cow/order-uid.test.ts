import { fc, test as fcTest } from '@fast-check/vitest'
import { hashTypedData } from 'viem'
import { describe, it, expect } from 'vitest'
// Independent reference: the CoW contracts' own TypeScript library on ethers 5. Its package index
// pulls in node-fetch (not installed), so the order module is imported directly (decision 0040).
import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import type { Hex } from '../../../engine/module-api/index.js'
import { EMPTY_APP_DATA_HASH, appDataHash, type OrderData } from './order.js'
import {
  GPV2_SETTLEMENT,
  OrderUidError,
  computeOrderUid,
  orderDigest,
  parseOrderUid,
  settlementDomain,
} from './order-uid.js'

const { hashOrder, computeOrderUid: referenceUid, OrderKind, OrderBalance } = cowOrder

/** The contracts library's domain(), spelled out (its index module cannot be loaded here). */
const referenceDomain = (chainId: number) => ({
  name: 'Gnosis Protocol',
  version: 'v2',
  chainId,
  verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
})

const base: OrderData = {
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

const cases: { name: string; chainId: number; owner: Hex; order: OrderData }[] = [
  { name: 'sell erc20/erc20 on mainnet', chainId: 1, owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', order: base },
  {
    name: 'buy external/internal, partially fillable, no receiver, on Gnosis',
    chainId: 100,
    owner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    order: {
      ...base,
      kind: 'buy',
      receiver: undefined,
      sellTokenBalance: 'external',
      buyTokenBalance: 'internal',
      partiallyFillable: true,
      validTo: 1_700_000_000,
    },
  },
  {
    name: 'sell internal/erc20 with a fee and custom app data, on Sepolia',
    chainId: 11155111,
    owner: '0xbA3cB449bD2B4ADddBc894D8697F5170800EAdeC',
    order: {
      ...base,
      sellTokenBalance: 'internal',
      feeAmount: 12345n,
      appData: appDataHash('{"appCode":"x"}'),
      validTo: 1,
    },
  },
  {
    name: 'buy erc20/erc20 with max amounts, on Sepolia',
    chainId: 11155111,
    owner: '0x0000000000000000000000000000000000000001',
    order: { ...base, kind: 'buy', sellAmount: 2n ** 256n - 1n, buyAmount: 1n, validTo: 0 },
  },
]

function toReference(order: OrderData) {
  return {
    sellToken: order.sellToken,
    buyToken: order.buyToken,
    receiver: order.receiver,
    sellAmount: order.sellAmount.toString(),
    buyAmount: order.buyAmount.toString(),
    validTo: order.validTo,
    appData: order.appData,
    feeAmount: order.feeAmount.toString(),
    kind: order.kind === 'sell' ? OrderKind.SELL : OrderKind.BUY,
    partiallyFillable: order.partiallyFillable,
    sellTokenBalance: { erc20: OrderBalance.ERC20, external: OrderBalance.EXTERNAL, internal: OrderBalance.INTERNAL }[
      order.sellTokenBalance
    ],
    buyTokenBalance: { erc20: OrderBalance.ERC20, internal: OrderBalance.INTERNAL }[order.buyTokenBalance],
  }
}

describe('order UID against @cowprotocol/contracts 1.8 + ethers 5', () => {
  it.each(cases)('$name', ({ chainId, owner, order }) => {
    const domain = referenceDomain(chainId)
    expect(orderDigest(order, chainId)).toBe(hashOrder(domain, toReference(order)).toLowerCase())
    const uid = computeOrderUid(order, owner, chainId)
    expect(uid).toBe(referenceUid(domain, toReference(order), owner).toLowerCase())
    expect(uid).toMatch(/^0x[0-9a-f]{112}$/)
  })

  it('the same order on another chain has another digest', () => {
    expect(orderDigest(base, 1)).not.toBe(orderDigest(base, 11155111))
  })
})

describe('parseOrderUid', () => {
  it('splits digest, owner and validTo', () => {
    const owner: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
    const uid = computeOrderUid({ ...base, validTo: 0x01020304 }, owner, 1)
    expect(parseOrderUid(uid)).toEqual({
      digest: orderDigest({ ...base, validTo: 0x01020304 }, 1),
      owner,
      validTo: 0x01020304,
    })
    expect(parseOrderUid('0x1234')).toBeUndefined()
  })
})

describe('settlementDomain and guards', () => {
  it('names the GPv2Settlement contract', () => {
    expect(settlementDomain(5)).toEqual({
      name: 'Gnosis Protocol',
      version: 'v2',
      chainId: 5,
      verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
    })
    expect(GPV2_SETTLEMENT.toLowerCase()).toBe('0x9008d19f58aabd9ed0d60971565aa8510560ab41')
  })
  it('refuses a bad owner or a validTo beyond u32', () => {
    expect(() => computeOrderUid(base, '0x1234', 1)).toThrow(/owner/)
    expect(() =>
      computeOrderUid({ ...base, validTo: 2 ** 32 }, '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 1),
    ).toThrow(/u32/)
  })
})

describe('orderDigest (hand-encoded) against viem hashTypedData', () => {
  const hexBytes = (bytes: number) =>
    fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
  const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })
  const orders: fc.Arbitrary<OrderData> = fc.record({
    sellToken: hexBytes(20),
    buyToken: hexBytes(20),
    receiver: fc.option(hexBytes(20), { nil: undefined }),
    sellAmount: uint256,
    buyAmount: uint256,
    validTo: fc.integer({ min: 0, max: 0xffffffff }),
    appData: hexBytes(32),
    feeAmount: uint256,
    kind: fc.constantFrom('sell' as const, 'buy' as const),
    partiallyFillable: fc.boolean(),
    sellTokenBalance: fc.constantFrom('erc20' as const, 'external' as const, 'internal' as const),
    buyTokenBalance: fc.constantFrom('erc20' as const, 'internal' as const),
  })

  /** The reference: viem's generic EIP-712 encoder, domain and types written out here (GPv2Order.sol). */
  const viemDigest = (order: OrderData, chainId: number) =>
    hashTypedData({
      domain: referenceDomain(chainId) as { name: string; version: string; chainId: number; verifyingContract: Hex },
      types: {
        Order: [
          { name: 'sellToken', type: 'address' },
          { name: 'buyToken', type: 'address' },
          { name: 'receiver', type: 'address' },
          { name: 'sellAmount', type: 'uint256' },
          { name: 'buyAmount', type: 'uint256' },
          { name: 'validTo', type: 'uint32' },
          { name: 'appData', type: 'bytes32' },
          { name: 'feeAmount', type: 'uint256' },
          { name: 'kind', type: 'string' },
          { name: 'partiallyFillable', type: 'bool' },
          { name: 'sellTokenBalance', type: 'string' },
          { name: 'buyTokenBalance', type: 'string' },
        ],
      },
      primaryType: 'Order',
      message: { ...order, receiver: order.receiver ?? '0x0000000000000000000000000000000000000000' },
    })

  // Any domain the encoder can be asked for: every chain id (the settlement contract is the same
  // on every network), the known ones weighted in.
  const chainIds = fc.oneof(
    fc.constantFrom(1, 100, 8453, 42161, 11155111),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  )

  fcTest.prop([orders, chainIds], { numRuns: 200 })(
    'gives viem’s digest for any order and domain',
    (order, chainId) => {
      expect(orderDigest(order, chainId)).toBe(viemDigest(order, chainId))
    },
  )

  it('refuses values that do not fit their EIP-712 type', () => {
    const order = { ...base, sellAmount: 2n ** 256n }
    expect(() => orderDigest(order, 1)).toThrow(OrderUidError)
    expect(() => orderDigest({ ...base, kind: 'swap' as never }, 1)).toThrow(/unknown order enum value "swap"/)
  })
})
