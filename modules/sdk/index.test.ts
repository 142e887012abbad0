// The SDK's entry re-exports the module ABI unchanged, so a module needs no other import.
import { describe, it, expect } from 'vitest'
import * as engineApi from '../../engine/module-api/index.js'
import * as sdk from './index.js'
import * as testing from './testing/index.js'

describe('modules/sdk/index.ts', () => {
  it('re-exports HostError and isHostError from engine/module-api (the same objects)', () => {
    expect(sdk.HostError).toBe(engineApi.HostError)
    expect(sdk.isHostError).toBe(engineApi.isHostError)
    expect(sdk.HOST_ERROR_KINDS).toBe(engineApi.HOST_ERROR_KINDS)
  })

  it('exposes the helpers a strategy module needs', () => {
    for (const name of [
      'ethCall',
      'ethCallParams',
      'parseEthCallResult',
      'decodeRevertData',
      'readLatestRoundData',
      'ChainlinkDecodeError',
      'scaleDecimal',
      'buildOrderCreation',
      'gpv2ToOrderData',
      'computeOrderUid',
      'orderDigest',
      'settlementDomain',
      'classifyOrderbookError',
      'parseOrderbookErrorBody',
      'decodePollRevert',
      'decodeOrderPlacement',
      'recordDecision',
      'submissionGate',
      'isSettled',
      'backoffDue',
    ]) {
      expect(typeof (sdk as Record<string, unknown>)[name], name).toBe('function')
    }
  })

  it('keeps test doubles and test encoders out of the production entry, in sdk/testing', () => {
    for (const name of [
      'MockHost',
      'MockClock',
      'blockEvent',
      'logEvent',
      'orderbookRejection',
      'encodeTradeableOrder',
    ]) {
      expect(name in sdk, name).toBe(false)
      expect(typeof (testing as Record<string, unknown>)[name], name).toBe('function')
    }
  })
})
