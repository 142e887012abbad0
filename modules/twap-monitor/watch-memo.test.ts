import { fc, test as fcTest } from '@fast-check/vitest'
import { decodeAbiParameters, encodeAbiParameters, encodeFunctionData, parseAbi, parseAbiParameters } from 'viem'
import { describe, expect, it } from 'vitest'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import type { Hex } from '../sdk/index.js'
import { decodeTradeableOrder, encodeConditionalOrderParams, hexToBytes } from '../sdk/index.js'
import { MockHost, encodeTradeableOrder } from '../sdk/testing/index.js'
import { PARAMS, SAFE, SIGNATURE, TRANCHE } from './test-fixtures.js'
import { forgetWatch, watchStatics } from './watch-memo.js'

// The reference is viem with the ABI written out here, not the SDK's encoder.
const COMPOSABLE_COW_CALL = parseAbi([
  'function getTradeableOrderWithSignature(address owner, (address handler, bytes32 salt, bytes staticInput) params, bytes offchainInput, bytes32[] proof)',
])
const PARAMS_TUPLE = parseAbiParameters('(address handler, bytes32 salt, bytes staticInput)')

const hexBytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
const watches = fc.record({
  owner: hexBytes(20, 20),
  params: fc.record({ handler: hexBytes(20, 20), salt: hexBytes(32, 32), staticInput: hexBytes(0, 400) }),
})
const newHost = () => new MockHost({ moduleName: 'twap-monitor', orderbookPolicy: shippedPolicy() })
const stored = (params: { handler: Hex; salt: Hex; staticInput: Hex }) =>
  hexToBytes(encodeAbiParameters(PARAMS_TUPLE, [params]))!

describe('watchStatics', () => {
  fcTest.prop([fc.array(watches, { minLength: 1, maxLength: 6 })], { numRuns: 60 })(
    "the memoised calldata and params are viem's, on the first poll and every later one",
    (ws) => {
      const host = newHost()
      for (let round = 0; round < 3; round++) {
        for (const [i, { owner, params }] of ws.entries()) {
          const statics = watchStatics(host, `watch:${owner}:${i}`, owner, stored(params))
          const [decoded] = decodeAbiParameters(PARAMS_TUPLE, encodeAbiParameters(PARAMS_TUPLE, [params]))
          expect(statics.params).toEqual({ ...decoded, handler: decoded.handler.toLowerCase() })
          expect(statics.calldata).toBe(
            encodeFunctionData({
              abi: COMPOSABLE_COW_CALL,
              functionName: 'getTradeableOrderWithSignature',
              args: [owner, params, '0x', []],
            }),
          )
        }
      }
    },
  )

  it('rebuilds when the bytes under a key change, and keeps hosts apart', () => {
    const host = newHost()
    const key = `watch:${SAFE}:x`
    const first = watchStatics(host, key, SAFE, hexToBytes(encodeConditionalOrderParams(PARAMS))!)
    const other = { ...PARAMS, staticInput: '0x01' as Hex }
    const second = watchStatics(host, key, SAFE, hexToBytes(encodeConditionalOrderParams(other))!)
    expect(second.params).toEqual(other)
    expect(second.calldata).not.toBe(first.calldata)
    // Same bytes in a fresh array: the same entry.
    expect(watchStatics(host, key, SAFE, hexToBytes(encodeConditionalOrderParams(other))!)).toBe(second)
    expect(watchStatics(newHost(), key, SAFE, hexToBytes(encodeConditionalOrderParams(other))!)).not.toBe(second)
    forgetWatch(host, key)
    expect(watchStatics(host, key, SAFE, hexToBytes(encodeConditionalOrderParams(other))!)).not.toBe(second)
  })

  it('a value mutated after it was read does not change the entry', () => {
    const host = newHost()
    const bytes = hexToBytes(encodeConditionalOrderParams(PARAMS))!
    const entry = watchStatics(host, 'watch:k', SAFE, bytes)
    bytes[bytes.length - 1] = 0xff
    expect(watchStatics(host, 'watch:k', SAFE, bytes)).not.toBe(entry)
    expect(watchStatics(host, 'watch:k', SAFE, hexToBytes(encodeConditionalOrderParams(PARAMS))!).params).toEqual(
      PARAMS,
    )
  })

  it('undecodable bytes give no params and no calldata', () => {
    const statics = watchStatics(newHost(), 'watch:k', SAFE, new Uint8Array([1, 2, 3]))
    expect(statics.params).toBeUndefined()
    expect(statics.calldata).toBeUndefined()
  })

  it('decodes an answer as the SDK does, once while it repeats', () => {
    const statics = watchStatics(newHost(), 'watch:k', SAFE, hexToBytes(encodeConditionalOrderParams(PARAMS))!)
    const answer = encodeTradeableOrder(TRANCHE, SIGNATURE)
    const ready = statics.decodeResult(answer)
    expect(ready).toEqual(decodeTradeableOrder(answer))
    expect(statics.decodeResult(answer)).toBe(ready)
    const later = encodeTradeableOrder({ ...TRANCHE, validTo: TRANCHE.validTo + 1 }, SIGNATURE)
    expect(statics.decodeResult(later)).toEqual(decodeTradeableOrder(later))
    expect(statics.decodeResult('0x1234')).toBeUndefined()
  })
})
