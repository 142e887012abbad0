import { describe, expect, it } from 'vitest'
import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import type { Erc20Decl } from '../../scenario/types.js'
import { answerErc20 } from './erc20.js'

const ALICE = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const BOB = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const RELAYER = '0xc92e8bdf79f0507f65a392b0ab4667716bfe0110'

const token: Erc20Decl = {
  kind: 'erc20',
  balances: new Map([
    [ALICE, 10n ** 18n],
    [BOB, 5n],
  ]),
  allowances: new Map([[ALICE, new Map([[RELAYER, 2n ** 256n - 1n]])]]),
  decimals: 6,
  symbol: 'USDC',
}

/** Encodes with viem's own erc20Abi, decodes the answer with it. */
function call(data: Hex, functionName: 'balanceOf' | 'allowance' | 'decimals' | 'symbol' | 'name' | 'totalSupply') {
  const outcome = answerErc20(token, data)
  if (outcome.kind !== 'return') throw new Error(`expected a return, got ${JSON.stringify(outcome)}`)
  return decodeFunctionResult({ abi: erc20Abi, functionName, data: outcome.data })
}

describe('answerErc20', () => {
  it('answers balanceOf from the declaration, case-insensitively, 0 for anyone else', () => {
    const checksummed = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    expect(
      call(encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [checksummed] }), 'balanceOf'),
    ).toBe(10n ** 18n)
    expect(call(encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [RELAYER] }), 'balanceOf')).toBe(
      0n,
    )
  })

  it('answers allowance per owner and spender', () => {
    const allowance = (owner: Hex, spender: Hex) =>
      call(encodeFunctionData({ abi: erc20Abi, functionName: 'allowance', args: [owner, spender] }), 'allowance')
    expect(allowance(ALICE, RELAYER)).toBe(2n ** 256n - 1n)
    expect(allowance(RELAYER, ALICE)).toBe(0n)
    expect(allowance(BOB, RELAYER)).toBe(0n)
  })

  it('answers decimals, symbol, name and the total of declared balances', () => {
    expect(call(encodeFunctionData({ abi: erc20Abi, functionName: 'decimals' }), 'decimals')).toBe(6)
    expect(call(encodeFunctionData({ abi: erc20Abi, functionName: 'symbol' }), 'symbol')).toBe('USDC')
    expect(call(encodeFunctionData({ abi: erc20Abi, functionName: 'name' }), 'name')).toBe('USDC')
    expect(call(encodeFunctionData({ abi: erc20Abi, functionName: 'totalSupply' }), 'totalSupply')).toBe(
      10n ** 18n + 5n,
    )
  })

  it('has no answer for a write it does not model', () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1n] })
    expect(answerErc20(token, data)).toMatchObject({ kind: 'no-answer', reason: expect.stringContaining('0xa9059cbb') })
  })

  it('reverts without data on a known selector with malformed arguments, as an ABI decoder does', () => {
    expect(answerErc20(token, '0x70a08231')).toEqual({ kind: 'revert', data: '0x' })
  })
})
