// The logs the harness builds decode, with viem, as the contracts' events, and their topics are the
// ones the shipped manifests subscribe to.
import { decodeEventLog, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  CONDITIONAL_ORDER_CREATED_TOPIC,
  TWAP_HANDLER,
  conditionalOrderCreatedLog,
  conditionalOrderId,
} from './conditional-order-created.js'
import { ORDER_PLACEMENT_TOPIC, gpv2Marker, orderPlacementLog } from './order-placement.js'

const owner = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

describe('CoW contract event logs', () => {
  it('ConditionalOrderCreated: the manifest topic, the owner indexed, the params in data', () => {
    expect(CONDITIONAL_ORDER_CREATED_TOPIC).toBe('0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361')
    const params = { handler: TWAP_HANDLER, salt: `0x${'11'.repeat(32)}`, staticInput: '0xabcd' } as const
    const log = conditionalOrderCreatedLog(owner, params)
    const decoded = decodeEventLog({
      abi: parseAbi([
        'event ConditionalOrderCreated(address indexed owner, (address handler, bytes32 salt, bytes staticInput) params)',
      ]),
      topics: log.topics as [`0x${string}`],
      data: log.data,
    })
    expect(decoded.args?.owner?.toLowerCase()).toBe(owner)
    expect(decoded.args?.params?.staticInput).toBe('0xabcd')
    expect(conditionalOrderId(params)).toMatch(/^0x[0-9a-f]{64}$/)
    expect(conditionalOrderId({ ...params, staticInput: '0xabce' })).not.toBe(conditionalOrderId(params))
  })

  it('OrderPlacement: the manifest topic, the sender indexed, the order with its markers', () => {
    expect(ORDER_PLACEMENT_TOPIC).toBe('0xcf5f9de2984132265203b5c335b25727702ca77262ff622e136baa7362bf1da9')
    const log = orderPlacementLog({
      sender: owner,
      order: {
        sellToken: `0x${'aa'.repeat(20)}`,
        buyToken: `0x${'bb'.repeat(20)}`,
        receiver: owner,
        sellAmount: 5n,
        buyAmount: 7n,
        validTo: 0xffffffff,
        appData: `0x${'00'.repeat(32)}`,
        feeAmount: 0n,
        kind: gpv2Marker('sell'),
        partiallyFillable: false,
        sellTokenBalance: gpv2Marker('erc20'),
        buyTokenBalance: gpv2Marker('erc20'),
      },
      signature: { scheme: 1, data: '0x' },
      quoteId: 3n,
      userValidTo: 1_750_000_000,
    })
    const decoded = decodeEventLog({
      abi: parseAbi([
        'event OrderPlacement(address indexed sender, (address sellToken, address buyToken, address receiver, uint256 sellAmount, uint256 buyAmount, uint32 validTo, bytes32 appData, uint256 feeAmount, bytes32 kind, bool partiallyFillable, bytes32 sellTokenBalance, bytes32 buyTokenBalance) order, (uint8 scheme, bytes data) signature, bytes data)',
      ]),
      topics: log.topics as [`0x${string}`],
      data: log.data,
    })
    expect(decoded.args?.sender?.toLowerCase()).toBe(owner)
    expect(decoded.args?.order?.kind).toBe('0xf3b277728b3fee749481eb3e0b3b48980dbbab78658fc419025cb16eee346775')
    expect(decoded.args?.order?.sellAmount).toBe(5n)
  })
})
