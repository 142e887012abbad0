import { describe, it, expect } from 'vitest'
import { HostError } from '../../../engine/module-api/index.js'
import { MockHost } from '../testing/index.js'
import { EthCallResultError, decodeRevertData, ethCall, ethCallParams, parseEthCallResult } from './eth-call.js'

const ORACLE = '0x694AA1769357215DE4FAC081bf1f309aDC325306'

describe('ethCallParams', () => {
  it('lowercases the address and always asks for latest', () => {
    expect(ethCallParams(ORACLE, '0xFEAF968C')).toBe(
      '[{"to":"0x694aa1769357215de4fac081bf1f309adc325306","data":"0xfeaf968c"},"latest"]',
    )
  })
})

describe('parseEthCallResult', () => {
  it.each([
    ['"0x1234"', '0x1234'],
    ['"1234"', '0x1234'],
    ['"0xABcd"', '0xabcd'],
    ['"0x"', '0x'],
    ['""', '0x'],
  ])('%s → %s', (json, hex) => {
    expect(parseEthCallResult(json)).toBe(hex)
  })
  it.each(['0x1234', '1234', 'null', '{"a":1}', '"0x123"', '"0xzz"', ''])('rejects %s', (json) => {
    expect(parseEthCallResult(json)).toBeUndefined()
  })
})

describe('ethCall', () => {
  it('sends eth_call with the params text and decodes the answer', async () => {
    const host = new MockHost()
    host.chain.respond('eth_call', ethCallParams(ORACLE, '0xfeaf968c'), '"0x00ff"')
    await expect(ethCall(host, 11155111, ORACLE, '0xfeaf968c')).resolves.toBe('0x00ff')
    expect(host.chain.lastCall()).toEqual({
      chainId: 11155111,
      method: 'eth_call',
      params: ethCallParams(ORACLE, '0xfeaf968c'),
    })
  })
  it('lets the HostError propagate unchanged', async () => {
    const host = new MockHost()
    const error = new HostError({
      domain: 'chain',
      kind: 'internal',
      code: 3,
      message: 'execution reverted',
      data: '0xc8fc2725',
    })
    host.chain.fail('eth_call', ethCallParams(ORACLE, '0x'), error)
    await expect(ethCall(host, 1, ORACLE, '0x')).rejects.toBe(error)
  })
  it('throws EthCallResultError carrying the raw text when the result is not hex', async () => {
    const host = new MockHost()
    host.chain.respond('eth_call', ethCallParams(ORACLE, '0x'), '{"weird":true}')
    const failure = await ethCall(host, 1, ORACLE, '0x').catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(EthCallResultError)
    expect((failure as EthCallResultError).raw).toBe('{"weird":true}')
  })
})

describe('decodeRevertData', () => {
  const err = (data: string | undefined) =>
    new HostError({ domain: 'chain', kind: 'internal', code: 3, message: 'execution reverted', data })
  it.each([
    ['bare hex', '0xC8FC2725', '0xc8fc2725'],
    ['quoted hex', '"0xc8fc2725"', '0xc8fc2725'],
    ['an object with data', '{"data":"0xc8fc2725"}', '0xc8fc2725'],
    ['a nested object', '{"data":{"data":"0xc8fc2725"}}', '0xc8fc2725'],
    ['empty revert', '"0x"', '0x'],
  ])('reads %s', (_name, data, hex) => {
    expect(decodeRevertData(err(data))).toBe(hex)
  })
  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a message', 'execution reverted'],
    ['a non-hex JSON string', '"reverted"'],
    ['bare digits without 0x', '1234'],
    ['an object without data', '{"message":"x"}'],
    ['odd-length hex', '0x123'],
  ])('ignores %s', (_name, data) => {
    expect(decodeRevertData(err(data))).toBeUndefined()
  })
})
