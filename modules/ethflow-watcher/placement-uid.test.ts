import { describe, it, expect } from 'vitest'
// Independent reference for the UID: the CoW contracts' own library (as the SDK's tests import it).
import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import type { Hex } from '../sdk/index.js'
import { ETHFLOW_STAGING, appDataHash, decodeOrderPlacement } from '../sdk/index.js'
import { PlacementBuildError, placementUid } from './placement-uid.js'
import { ORDER, PRODUCTION, SENDER, SEPOLIA, placementLog } from './test-fixtures.js'

const { computeOrderUid: referenceUid, OrderKind, OrderBalance } = cowOrder
const domain = {
  name: 'Gnosis Protocol',
  version: 'v2',
  chainId: SEPOLIA,
  verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
}
const decoded = (log = placementLog()) => decodeOrderPlacement(log)!

describe('placementUid', () => {
  it('files the order under the EthFlow contract as owner, as the contracts library computes it', () => {
    const uid = placementUid(SEPOLIA, decoded())
    const reference = referenceUid(
      domain,
      {
        sellToken: ORDER.sellToken,
        buyToken: ORDER.buyToken,
        receiver: SENDER,
        sellAmount: ORDER.sellAmount.toString(),
        buyAmount: ORDER.buyAmount.toString(),
        validTo: ORDER.validTo,
        appData: ORDER.appData,
        feeAmount: '0',
        kind: OrderKind.SELL,
        partiallyFillable: false,
        sellTokenBalance: OrderBalance.ERC20,
        buyTokenBalance: OrderBalance.ERC20,
      },
      PRODUCTION,
    )
    expect(uid).toBe(reference.toLowerCase())
    expect(uid.slice(-48)).toBe(`${PRODUCTION.slice(2)}ffffffff`)
  })

  it('the same order placed through staging has another owner and so another UID', () => {
    const staging = placementUid(SEPOLIA, decoded(placementLog({ address: ETHFLOW_STAGING.toLowerCase() as Hex })))
    expect(staging).not.toBe(placementUid(SEPOLIA, decoded()))
    expect(staging.slice(-48, -8)).toBe(ETHFLOW_STAGING.slice(2).toLowerCase())
  })

  it('needs no appData JSON and no known signature scheme (nothing is posted)', () => {
    expect(
      placementUid(
        SEPOLIA,
        decoded(placementLog({ order: { ...ORDER, appData: appDataHash('{"appCode":"CoW Swap"}') } })),
      ),
    ).toMatch(/^0x[0-9a-f]{112}$/)
    expect(placementUid(SEPOLIA, decoded(placementLog({ schemeId: 7 })))).toBe(placementUid(SEPOLIA, decoded()))
  })

  it('refuses an unknown enum marker and a chain without cowprotocol, in the Rust engine’s wording', () => {
    expect(() =>
      placementUid(SEPOLIA, decoded(placementLog({ order: { ...ORDER, sellTokenBalance: `0x${'00'.repeat(32)}` } }))),
    ).toThrow(new PlacementBuildError('GPv2OrderData carried an unknown enum marker'))
    expect(() => placementUid(31337, decoded())).toThrow(
      new PlacementBuildError('chain 31337 is not supported by cowprotocol'),
    )
  })
})
