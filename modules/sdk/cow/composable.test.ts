import { describe, it, expect } from 'vitest'
import { encodeErrorResult, encodeAbiParameters, keccak256, toFunctionSelector } from 'viem'
import type { Hex } from '../../../engine/module-api/index.js'
import {
  COMPOSABLE_COW,
  CONDITIONAL_ORDER_CREATED_TOPIC,
  GET_TRADEABLE_ORDER_WITH_SIGNATURE_SELECTOR,
  POLL_ERRORS_ABI,
  POLL_ERROR_SELECTORS,
  conditionalOrderId,
  decodeConditionalOrderCreated,
  decodeConditionalOrderParams,
  decodePollRevert,
  decodeTradeableOrder,
  encodeConditionalOrderParams,
  encodeGetTradeableOrderWithSignature,
  pollOutcomeLabel,
  type ConditionalOrderParams,
} from './composable.js'
import { encodeConditionalOrderCreated, encodeTradeableOrder } from '../testing/index.js'
import { EMPTY_APP_DATA_HASH, orderDataToGpv2 } from './order.js'

const revert = (errorName: (typeof POLL_ERRORS_ABI)[number]['name'], args: readonly unknown[]) =>
  encodeErrorResult({ abi: POLL_ERRORS_ABI, errorName, args } as Parameters<typeof encodeErrorResult>[0])

const params: ConditionalOrderParams = {
  handler: '0x6cf1e9ca41f7611def408122793c358a3d11e5a5',
  salt: `0x${'01'.repeat(32)}`,
  staticInput: '0xdeadbeef',
}
const owner: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

describe('constants (docs/design.md §8.1, §7.4)', () => {
  it('topic, selector and address are the Rust engine’s values', () => {
    expect(CONDITIONAL_ORDER_CREATED_TOPIC).toBe('0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361')
    expect(GET_TRADEABLE_ORDER_WITH_SIGNATURE_SELECTOR).toBe('0x26e0a196')
    expect(COMPOSABLE_COW).toBe('0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74')
  })
  it.each([
    ['OrderNotValid(string)', POLL_ERROR_SELECTORS.OrderNotValid],
    ['PollTryNextBlock(string)', POLL_ERROR_SELECTORS.PollTryNextBlock],
    ['PollTryAtBlock(uint256,string)', POLL_ERROR_SELECTORS.PollTryAtBlock],
    ['PollTryAtEpoch(uint256,string)', POLL_ERROR_SELECTORS.PollTryAtEpoch],
    ['PollNever(string)', POLL_ERROR_SELECTORS.PollNever],
  ])('%s has selector %s', (signature, selector) => {
    expect(toFunctionSelector(signature)).toBe(selector)
  })
})

describe('decodePollRevert', () => {
  it('OrderNotValid → dont-try-again with the reason', () => {
    expect(decodePollRevert(revert('OrderNotValid', ['after twap finished']))).toEqual({
      kind: 'dont-try-again',
      reason: 'after twap finished',
    })
  })
  it('PollNever → dont-try-again', () => {
    expect(decodePollRevert(revert('PollNever', ['never']))).toEqual({ kind: 'dont-try-again', reason: 'never' })
  })
  it('PollTryNextBlock → try-next-block', () => {
    expect(decodePollRevert(revert('PollTryNextBlock', ['soon']))).toEqual({ kind: 'try-next-block', reason: 'soon' })
  })
  it('PollTryAtBlock → try-on-block n', () => {
    expect(decodePollRevert(revert('PollTryAtBlock', [303n, 'wait']))).toEqual({
      kind: 'try-on-block',
      block: 303n,
      reason: 'wait',
    })
  })
  it('PollTryAtEpoch → try-at-epoch t', () => {
    expect(decodePollRevert(revert('PollTryAtEpoch', [1694340000n, 'later']))).toEqual({
      kind: 'try-at-epoch',
      epoch: 1694340000n,
      reason: 'later',
    })
  })
  it('block and epoch saturate to u64', () => {
    const max = 2n ** 64n - 1n
    expect(decodePollRevert(revert('PollTryAtBlock', [2n ** 200n, '']))).toMatchObject({
      kind: 'try-on-block',
      block: max,
    })
    expect(decodePollRevert(revert('PollTryAtEpoch', [2n ** 256n - 1n, '']))).toMatchObject({
      kind: 'try-at-epoch',
      epoch: max,
    })
  })
  it('is case-insensitive on the selector', () => {
    expect(decodePollRevert(revert('PollNever', ['x']).toUpperCase().replace('0X', '0x') as Hex)).toMatchObject({
      kind: 'dont-try-again',
    })
  })
  it('a string-only hint with an undecodable reason still gives its outcome', () => {
    expect(decodePollRevert(POLL_ERROR_SELECTORS.OrderNotValid)).toEqual({ kind: 'dont-try-again', reason: undefined })
  })
  it.each([
    ['empty', '0x'],
    ['shorter than a selector', '0xc8fc27'],
    ['truncated PollTryAtBlock', POLL_ERROR_SELECTORS.PollTryAtBlock],
    ['PollTryAtEpoch with half a word', `${POLL_ERROR_SELECTORS.PollTryAtEpoch}${'00'.repeat(16)}`],
    ['unknown selector', '0xdeadbeef'],
    ['Error(string)', `0x08c379a0${encodeAbiParameters([{ type: 'string' }], ['boom']).slice(2)}`],
  ])('%s → undefined', (_name, data) => {
    expect(decodePollRevert(data as Hex)).toBeUndefined()
  })
})

describe('pollOutcomeLabel', () => {
  it('uses the Rust engine’s spelling', () => {
    expect(pollOutcomeLabel({ kind: 'try-on-block', block: 1n })).toBe('TryOnBlock')
    expect(pollOutcomeLabel({ kind: 'dont-try-again' })).toBe('DontTryAgain')
    expect(pollOutcomeLabel({ kind: 'try-at-epoch', epoch: 1n })).toBe('TryAtEpoch')
    expect(pollOutcomeLabel({ kind: 'try-next-block' })).toBe('TryNextBlock')
  })
})

describe('conditional order params', () => {
  it('round-trip and hash as keccak(abi.encode(params))', () => {
    const encoded = encodeConditionalOrderParams(params)
    expect(decodeConditionalOrderParams(encoded)).toEqual(params)
    expect(conditionalOrderId(params)).toBe(keccak256(encoded))
    // abi.encode of a dynamic tuple starts with its offset
    expect(encoded.slice(2, 66)).toBe(`${'0'.repeat(62)}20`)
  })
  it('undecodable bytes → undefined', () => {
    expect(decodeConditionalOrderParams('0x1234')).toBeUndefined()
  })
})

describe('ConditionalOrderCreated', () => {
  it('round-trips through a log', () => {
    const { topics, data } = encodeConditionalOrderCreated({ owner, params })
    expect(topics[0]).toBe(CONDITIONAL_ORDER_CREATED_TOPIC)
    expect(decodeConditionalOrderCreated({ topics, data })).toEqual({ owner, params })
  })
  it('ignores another topic or a broken body', () => {
    const { topics, data } = encodeConditionalOrderCreated({ owner, params })
    expect(
      decodeConditionalOrderCreated({ topics: [`0x${'00'.repeat(32)}`, ...topics.slice(1)], data }),
    ).toBeUndefined()
    expect(decodeConditionalOrderCreated({ topics, data: '0x12' })).toBeUndefined()
    expect(decodeConditionalOrderCreated({ topics: [], data })).toBeUndefined()
  })
})

describe('getTradeableOrderWithSignature', () => {
  it('encodes the call with empty offchain input and proof by default', () => {
    const data = encodeGetTradeableOrderWithSignature({ owner, params })
    expect(data.slice(0, 10)).toBe('0x26e0a196')
  })
  it('decodes a result into a ready outcome', () => {
    const order = orderDataToGpv2({
      sellToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
      buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      receiver: undefined,
      sellAmount: 5n,
      buyAmount: 6n,
      validTo: 1_700_000_600,
      appData: EMPTY_APP_DATA_HASH,
      feeAmount: 0n,
      kind: 'sell',
      partiallyFillable: false,
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
    })
    const decoded = decodeTradeableOrder(encodeTradeableOrder(order, '0xcafe'))
    expect(decoded?.kind).toBe('ready')
    expect(decoded?.signature).toBe('0xcafe')
    expect(decoded?.order).toMatchObject({ sellAmount: 5n, buyAmount: 6n, validTo: 1_700_000_600, kind: order.kind })
    expect(decodeTradeableOrder('0x')).toBeUndefined()
  })
})
