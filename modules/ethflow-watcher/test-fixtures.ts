// Shared by this folder's tests: one EthFlow placement (native ETH → COW, validTo = u32::MAX as the
// contract sets it) and its log.
import type { GPv2OrderData, Hex, Log } from '../sdk/index.js'
import { EMPTY_APP_DATA_HASH, ETHFLOW_PRODUCTION, orderDataToGpv2 } from '../sdk/index.js'
import { encodeOrderPlacement } from '../sdk/testing/index.js'

export const SEPOLIA = 11_155_111
export const SENDER: Hex = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
export const PRODUCTION: Hex = ETHFLOW_PRODUCTION.toLowerCase() as Hex

export const ORDER: GPv2OrderData = orderDataToGpv2({
  sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14', // WETH: EthFlow sells wrapped native
  buyToken: '0x0625afb445c3b6b7b929342a04a22599fd5dbb59',
  receiver: SENDER,
  sellAmount: 10n ** 17n,
  buyAmount: 10n ** 20n,
  validTo: 0xffffffff,
  appData: EMPTY_APP_DATA_HASH,
  feeAmount: 0n,
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
})

export function placementLog(
  options: { address?: Hex; order?: GPv2OrderData; schemeId?: number; chainId?: number } = {},
): Log {
  const encoded = encodeOrderPlacement({
    sender: SENDER,
    order: options.order ?? ORDER,
    signature: { schemeId: options.schemeId ?? 0, data: '0x' },
    data: `0x${'00'.repeat(12)}${'ff'.repeat(20)}`,
  })
  return {
    chainId: options.chainId ?? SEPOLIA,
    address: options.address ?? PRODUCTION,
    blockNumber: 7_000_000,
    transactionHash: `0x${'99'.repeat(32)}`,
    logIndex: 0,
    ...encoded,
  }
}

/** The orderbook's 200 body for an order (the fields the watcher reads, plus a few real ones). */
export const orderBody = (uid: string, status = 'open'): string =>
  JSON.stringify({
    uid,
    status,
    owner: PRODUCTION,
    creationDate: '2026-06-18T12:00:00.000Z',
    class: 'market',
    invalidated: false,
  })

export const NOT_FOUND_BODY = JSON.stringify({ errorType: 'NotFound', description: 'Order was not found' })
