import { describe, it, expect } from 'vitest'
import type { Hex } from '../../../engine/module-api/index.js'
import {
  ETHFLOW_PRODUCTION,
  ETHFLOW_STAGING,
  ORDER_PLACEMENT_TOPIC,
  decodeOrderPlacement,
  isEthFlowAddress,
} from './ethflow.js'
import { encodeOrderPlacement } from '../testing/index.js'
import { EMPTY_APP_DATA_HASH, gpv2ToOrderData, orderDataToGpv2 } from './order.js'

const order = orderDataToGpv2({
  sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  buyToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
  receiver: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  sellAmount: 10n ** 17n,
  buyAmount: 1000n,
  validTo: 0xffffffff,
  appData: EMPTY_APP_DATA_HASH,
  feeAmount: 0n,
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
})
const sender: Hex = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'

function placementLog(address: Hex, schemeId: number) {
  const { topics, data } = encodeOrderPlacement({
    sender,
    order,
    signature: { schemeId, data: '0x1234' },
    data: '0xabcd',
  })
  return { address, topics, data }
}

describe('EthFlow constants', () => {
  it('has the Rust engine’s topic and both addresses', () => {
    expect(ORDER_PLACEMENT_TOPIC).toBe('0xcf5f9de2984132265203b5c335b25727702ca77262ff622e136baa7362bf1da9')
    expect(isEthFlowAddress(ETHFLOW_PRODUCTION.toLowerCase())).toBe(true)
    expect(isEthFlowAddress(ETHFLOW_STAGING)).toBe(true)
    expect(isEthFlowAddress('0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74')).toBe(false)
  })
})

describe('decodeOrderPlacement', () => {
  it('decodes an EIP-1271 placement from the production contract', () => {
    const decoded = decodeOrderPlacement(placementLog(ETHFLOW_PRODUCTION.toLowerCase() as Hex, 0))
    expect(decoded).toMatchObject({
      contract: ETHFLOW_PRODUCTION.toLowerCase(),
      sender,
      signature: { scheme: 'eip1271', schemeId: 0, data: '0x1234' },
      data: '0xabcd',
    })
    expect(gpv2ToOrderData(decoded!.order)).toMatchObject({ validTo: 0xffffffff, sellAmount: 10n ** 17n, kind: 'sell' })
  })
  it('decodes a PreSign placement from the staging contract', () => {
    expect(decodeOrderPlacement(placementLog(ETHFLOW_STAGING, 1))?.signature.scheme).toBe('presign')
  })
  it('keeps an unknown scheme visible as undefined with its id', () => {
    expect(decodeOrderPlacement(placementLog(ETHFLOW_PRODUCTION, 7))?.signature).toEqual({
      scheme: undefined,
      schemeId: 7,
      data: '0x1234',
    })
  })
  it('ignores another address, another topic and a broken body', () => {
    const log = placementLog(ETHFLOW_PRODUCTION, 0)
    expect(decodeOrderPlacement({ ...log, address: '0x0000000000000000000000000000000000000001' })).toBeUndefined()
    expect(decodeOrderPlacement({ ...log, topics: [`0x${'00'.repeat(32)}`, ...log.topics.slice(1)] })).toBeUndefined()
    expect(decodeOrderPlacement({ ...log, data: '0x00' })).toBeUndefined()
  })
})
