import { describe, expect, it } from 'vitest'
import type { RpcRule } from '../scenario/types.js'
import { RpcRuleBook } from './rpc-rule-book.js'

const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'

describe('RpcRuleBook', () => {
  it('answers with the first rule matching the method', () => {
    const first: RpcRule = { method: 'eth_blockNumber', result: '0x1' }
    const book = new RpcRuleBook([
      { method: 'eth_chainId', result: '0x1' },
      first,
      { method: 'eth_blockNumber', result: '0x2' },
    ])
    expect(book.take('eth_blockNumber', [])).toBe(first)
    expect(book.take('eth_gasPrice', [])).toBeUndefined()
  })

  it('uses a rule `times` times, then falls through to the next', () => {
    const once: RpcRule = { method: 'eth_getBalance', error: { code: -32000, message: 'header not found' }, times: 1 }
    const always: RpcRule = { method: 'eth_getBalance', result: '0x5' }
    const book = new RpcRuleBook([once, always])
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBe(once)
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBe(always)
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBe(always)
  })

  it('matches params when the rule gives them, case-insensitively for hex', () => {
    const forAlice: RpcRule = {
      method: 'eth_getBalance',
      params: [ALICE.toUpperCase().replace('0X', '0x'), 'latest'],
      result: '0x1',
    }
    const book = new RpcRuleBook([forAlice])
    expect(book.take('eth_getBalance', ['0x0000000000000000000000000000000000000001', 'latest'])).toBeUndefined()
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBe(forAlice)
  })

  it('does not consume times on requests the rule does not match', () => {
    const rule: RpcRule = { method: 'eth_getBalance', params: [ALICE, 'latest'], result: '0x1', times: 1 }
    const book = new RpcRuleBook([rule])
    expect(book.take('eth_getBalance', ['0x0000000000000000000000000000000000000001', 'latest'])).toBeUndefined()
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBe(rule)
    expect(book.take('eth_getBalance', [ALICE, 'latest'])).toBeUndefined()
  })

  it('never answers with a rule of times 0, and leaves the scenario rule untouched', () => {
    const rule: RpcRule = { method: 'eth_chainId', result: '0x1', times: 0 }
    expect(new RpcRuleBook([rule]).take('eth_chainId', [])).toBeUndefined()
    const counted: RpcRule = { method: 'eth_chainId', result: '0x1', times: 1 }
    new RpcRuleBook([counted]).take('eth_chainId', [])
    expect(counted.times).toBe(1)
    expect(new RpcRuleBook([counted]).take('eth_chainId', [])).toBe(counted)
  })
})
