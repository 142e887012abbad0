import { describe, expect, it } from 'vitest'
import {
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  keccak256,
  parseAbi,
  toFunctionSelector,
  toHex,
  type Hex,
} from 'viem'
import type { ComposableCowDecl, GPv2OrderDecl, PollRule } from '../../scenario/types.js'
import { ComposableCowPolls, orderMarker } from './composable-cow.js'

// The interface as a module would write it, independent of ./abis.ts (positional types only).
const cowAbi = parseAbi([
  'function getTradeableOrderWithSignature(address, (address, bytes32, bytes), bytes, bytes32[]) view returns ((address, address, address, uint256, uint256, uint32, bytes32, uint256, bytes32, bool, bytes32, bytes32), bytes)',
  'function getTradeableOrder(address, address, bytes32, bytes, bytes) view returns ((address, address, address, uint256, uint256, uint32, bytes32, uint256, bytes32, bool, bytes32, bytes32))',
  'error OrderNotValid(string)',
  'error PollTryNextBlock(string)',
  'error PollTryAtBlock(uint256, string)',
  'error PollTryAtEpoch(uint256, string)',
  'error PollNever(string)',
])

// GPv2Order.sol constants (node_modules/@cowprotocol/contracts/src/contracts/libraries/GPv2Order.sol).
const KIND_SELL = '0xf3b277728b3fee749481eb3e0b3b48980dbbab78658fc419025cb16eee346775'
const KIND_BUY = '0x6ed88e868af0a1983e3886d5f3e95a2fafbd6c3450bc229e27342283dc429ccc'
const BALANCE_ERC20 = '0x5a28e9363bb942b639270062aa6bb295f434bcdfc42c97267bf003f272060dc9'
const BALANCE_EXTERNAL = '0xabee3b73373acd583a130924aad6dc38cfdc44ba0555ba94ce2ff63980ea0632'
const BALANCE_INTERNAL = '0x4ac99ace14ee0a5ef932dc609df0943ab7ac16b7583634612f8dc35a4289a6ce'

const OWNER: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const OTHER: Hex = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const TWAP_HANDLER: Hex = '0x6cf1e9ca41f7611def408122793c358a3d11e5a5'
const EMPTY_APP_DATA = keccak256(toHex('{}'))

const order: GPv2OrderDecl = {
  sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  buyToken: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
  receiver: OWNER,
  sellAmount: 10n ** 18n,
  buyAmount: 2_500_000_000n,
  validTo: 1_750_000_600,
  appData: EMPTY_APP_DATA,
  feeAmount: 0n,
  kind: 'buy',
  partiallyFillable: true,
  sellTokenBalance: 'external',
  buyTokenBalance: 'internal',
}

function poll(owner: Hex = OWNER): Hex {
  return encodeFunctionData({
    abi: cowAbi,
    functionName: 'getTradeableOrderWithSignature',
    args: [owner, [TWAP_HANDLER, `0x${'11'.repeat(32)}`, '0x1234'], '0x', []],
  })
}

function polls(...rules: PollRule[]): ComposableCowPolls {
  const decl: ComposableCowDecl = { kind: 'composable-cow', polls: rules }
  return new ComposableCowPolls(decl)
}

function revertOf(outcome: ReturnType<ComposableCowPolls['answer']>) {
  if (outcome.kind !== 'revert') throw new Error(`expected a revert, got ${JSON.stringify(outcome)}`)
  return decodeErrorResult({ abi: cowAbi, data: outcome.data })
}

describe('orderMarker', () => {
  it('is keccak256 of the lowercase name, as GPv2Order.sol defines its constants', () => {
    expect(orderMarker('sell')).toBe(KIND_SELL)
    expect(orderMarker('buy')).toBe(KIND_BUY)
    expect(orderMarker('erc20')).toBe(BALANCE_ERC20)
    expect(orderMarker('external')).toBe(BALANCE_EXTERNAL)
    expect(orderMarker('internal')).toBe(BALANCE_INTERNAL)
  })
})

describe('ComposableCowPolls', () => {
  it('decodes the real selector', () => {
    expect(toFunctionSelector(cowAbi[0])).toBe('0x26e0a196')
    expect(poll().slice(0, 10)).toBe('0x26e0a196')
  })

  it('returns a ready order as GPv2Order.Data with marker fields, and its signature', () => {
    const outcome = polls({ outcome: 'ready', order, signature: '0xc0ffee' }).answer(poll())
    if (outcome.kind !== 'return') throw new Error(JSON.stringify(outcome))
    const [data, signature] = decodeFunctionResult({
      abi: cowAbi,
      functionName: 'getTradeableOrderWithSignature',
      data: outcome.data,
    })
    expect(data).toEqual([
      '0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14',
      '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      10n ** 18n,
      2_500_000_000n,
      1_750_000_600,
      EMPTY_APP_DATA,
      0n,
      KIND_BUY,
      true,
      BALANCE_EXTERNAL,
      BALANCE_INTERNAL,
    ])
    expect(signature).toBe('0xc0ffee')
  })

  it('reverts with each IConditionalOrder error, selector and arguments', () => {
    const cases: [PollRule, string, Hex, readonly unknown[]][] = [
      [
        { outcome: 'order-not-valid', reason: 'after twap finished' },
        'OrderNotValid',
        '0xc8fc2725',
        ['after twap finished'],
      ],
      [{ outcome: 'try-next-block', reason: 'not yet' }, 'PollTryNextBlock', '0xd05f3065', ['not yet']],
      [
        { outcome: 'try-at-block', block: 7_000_303n, reason: 'wait' },
        'PollTryAtBlock',
        '0x1fe8506e',
        [7_000_303n, 'wait'],
      ],
      [
        { outcome: 'try-at-epoch', epoch: 1_694_340_000n, reason: 'later' },
        'PollTryAtEpoch',
        '0x7e334637',
        [1_694_340_000n, 'later'],
      ],
      [{ outcome: 'never', reason: 'cancelled' }, 'PollNever', '0x981b64cd', ['cancelled']],
    ]
    for (const [rule, errorName, selector, args] of cases) {
      const outcome = polls(rule).answer(poll())
      expect(outcome.kind === 'revert' && outcome.data.slice(0, 10)).toBe(selector)
      expect(revertOf(outcome)).toMatchObject({ errorName, args })
    }
  })

  it('uses the first matching rule; `times` rules are used up, then skipped', () => {
    const book = polls(
      { outcome: 'try-at-epoch', epoch: 1_750_000_600n, reason: 'not yet', times: 2 },
      { outcome: 'ready', order, signature: '0x' },
    )
    expect(revertOf(book.answer(poll())).errorName).toBe('PollTryAtEpoch')
    expect(revertOf(book.answer(poll())).errorName).toBe('PollTryAtEpoch')
    expect(book.answer(poll()).kind).toBe('return')
    expect(book.answer(poll()).kind).toBe('return')
  })

  it('matches rules by owner when they name one (case-insensitively)', () => {
    const book = polls(
      { outcome: 'never', reason: 'not this owner', owner: OTHER.toUpperCase().replace('0X', '0x') as Hex },
      { outcome: 'try-next-block', reason: 'anyone else' },
    )
    expect(revertOf(book.answer(poll(OWNER))).args).toEqual(['anyone else'])
    expect(revertOf(book.answer(poll(OTHER))).args).toEqual(['not this owner'])
  })

  it('has no answer when no rule matches the owner, or when all are used up', () => {
    const book = polls({ outcome: 'never', reason: 'x', owner: OTHER, times: 1 })
    expect(book.answer(poll(OWNER))).toEqual({
      kind: 'no-answer',
      reason: `no poll rule of the composable-cow matches owner ${OWNER}`,
    })
    book.answer(poll(OTHER))
    expect(book.answer(poll(OTHER)).kind).toBe('no-answer')
  })

  it('has no answer for another ComposableCoW function', () => {
    const data = encodeFunctionData({
      abi: cowAbi,
      functionName: 'getTradeableOrder',
      args: [OWNER, OWNER, `0x${'00'.repeat(32)}`, '0x', '0x'],
    })
    expect(polls().answer(data)).toMatchObject({
      kind: 'no-answer',
      reason: expect.stringContaining('is not a function of the composable-cow'),
    })
  })

  it('answers a rule met again (another ComposableCoW, another owner) as the first time, each field still counting', () => {
    const ready: PollRule = { outcome: 'ready', order, signature: '0xc0ffee' }
    const first = polls(ready).answer(poll())
    expect(polls({ ...ready, owner: OWNER, times: 3 }).answer(poll())).toEqual(first)
    const decoded = (o: ReturnType<ComposableCowPolls['answer']>) =>
      o.kind === 'return' &&
      decodeFunctionResult({ abi: cowAbi, functionName: 'getTradeableOrderWithSignature', data: o.data })
    // One field at a time: an answer remembered for one order is never handed to another.
    for (const [field, value] of [
      ['sellAmount', order.sellAmount + 1n],
      ['validTo', order.validTo + 1],
      ['kind', 'sell'],
      ['partiallyFillable', false],
      ['buyTokenBalance', 'erc20'],
    ] as const) {
      const changed = polls({ ...ready, order: { ...order, [field]: value } }).answer(poll())
      expect(changed).not.toEqual(first)
      expect((decoded(changed) as readonly unknown[])[0]).not.toEqual((decoded(first) as readonly unknown[])[0])
    }
    expect(polls({ ...ready, signature: '0xc0ffef' }).answer(poll())).not.toEqual(first)
    const wait = (block: bigint, reason: string) => polls({ outcome: 'try-at-block', block, reason }).answer(poll())
    expect(wait(7n, 'a')).toEqual(wait(7n, 'a'))
    expect(revertOf(wait(8n, 'a')).args).toEqual([8n, 'a'])
    expect(revertOf(wait(7n, 'b')).args).toEqual([7n, 'b'])
  })

  it('names the rule when its order cannot be ABI-encoded', () => {
    const bad = { ...order, appData: '0x1234' as Hex }
    expect(polls({ outcome: 'ready', order: bad, signature: '0x' }).answer(poll())).toMatchObject({
      kind: 'no-answer',
      reason: expect.stringContaining('poll rule 0 of the composable-cow cannot be ABI-encoded'),
    })
  })
})
