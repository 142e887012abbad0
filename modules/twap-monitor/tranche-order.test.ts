import { describe, it, expect } from 'vitest'
// Independent reference for the UID: the CoW contracts' own library (as the SDK's tests import it).
import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import { EMPTY_APP_DATA_HASH, appDataHash } from '../sdk/index.js'
import { TrancheBuildError, buildTrancheOrder } from './tranche-order.js'
import { SAFE, SEPOLIA, SIGNATURE, TRANCHE } from './test-fixtures.js'

const { computeOrderUid: referenceUid, OrderKind, OrderBalance } = cowOrder
const domain = {
  name: 'Gnosis Protocol',
  version: 'v2',
  chainId: SEPOLIA,
  verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
}

describe('buildTrancheOrder', () => {
  it('computes the UID with owner = the Safe, as the contracts library does', () => {
    const { uid } = buildTrancheOrder(SEPOLIA, SAFE, TRANCHE, SIGNATURE)
    const reference = referenceUid(
      domain,
      {
        sellToken: TRANCHE.sellToken,
        buyToken: TRANCHE.buyToken,
        receiver: undefined,
        sellAmount: TRANCHE.sellAmount.toString(),
        buyAmount: TRANCHE.buyAmount.toString(),
        validTo: TRANCHE.validTo,
        appData: EMPTY_APP_DATA_HASH,
        feeAmount: '0',
        kind: OrderKind.SELL,
        partiallyFillable: false,
        sellTokenBalance: OrderBalance.ERC20,
        buyTokenBalance: OrderBalance.ERC20,
      },
      SAFE,
    )
    expect(uid).toBe(reference.toLowerCase())
    expect(uid.slice(-48)).toBe(`${SAFE.slice(2)}${TRANCHE.validTo.toString(16).padStart(8, '0')}`)
  })

  it('builds the EIP-1271 body: the Safe verifies, appData "{}"', () => {
    const { body } = buildTrancheOrder(SEPOLIA, SAFE, TRANCHE, SIGNATURE)
    expect(body).toMatchObject({
      signingScheme: 'eip1271',
      signature: SIGNATURE,
      from: SAFE,
      appData: '{}',
      appDataHash: EMPTY_APP_DATA_HASH,
      receiver: null,
      sellAmount: '500000000000000000',
      kind: 'sell',
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
    })
  })

  it('refuses an unknown enum marker with the Rust engine’s wording', () => {
    expect(() => buildTrancheOrder(SEPOLIA, SAFE, { ...TRANCHE, kind: `0x${'00'.repeat(32)}` }, SIGNATURE)).toThrow(
      new TrancheBuildError('GPv2OrderData carried an unknown enum marker'),
    )
  })

  it('refuses a non-empty appData locally (the Rust engine: digest mismatch against "{}")', () => {
    expect(() =>
      buildTrancheOrder(SEPOLIA, SAFE, { ...TRANCHE, appData: appDataHash('{"appCode":"CoW Swap"}') }, SIGNATURE),
    ).toThrow(new TrancheBuildError('invalid OrderCreation: app_data JSON digest does not match signed app_data hash'))
  })

  it('refuses a chain without cowprotocol', () => {
    expect(() => buildTrancheOrder(31337, SAFE, TRANCHE, SIGNATURE)).toThrow(
      new TrancheBuildError('chain 31337 is not supported by cowprotocol'),
    )
  })
})

describe('buildTrancheOrder: the UID kept beside a repeated order', () => {
  it('is recomputed for another owner or chain of the same order object', () => {
    const order = { ...TRANCHE }
    const fresh = (owner: typeof SAFE, chainId: number) =>
      buildTrancheOrder(chainId, owner, { ...order }, SIGNATURE).uid
    const other = '0x5afe5afe5afe5afe5afe5afe5afe5afe5afe0002'
    expect(buildTrancheOrder(SEPOLIA, SAFE, order, SIGNATURE).uid).toBe(fresh(SAFE, SEPOLIA))
    expect(buildTrancheOrder(SEPOLIA, SAFE, order, SIGNATURE).uid).toBe(fresh(SAFE, SEPOLIA))
    expect(buildTrancheOrder(SEPOLIA, other, order, SIGNATURE).uid).toBe(fresh(other, SEPOLIA))
    expect(buildTrancheOrder(1, other, order, SIGNATURE).uid).toBe(fresh(other, 1))
    expect(new Set([fresh(SAFE, SEPOLIA), fresh(other, SEPOLIA), fresh(other, 1)]).size).toBe(3)
  })
})
