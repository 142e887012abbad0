// CoWSwapEthFlow: native-token orders placed on chain, announced by `OrderPlacement`
// (docs/design.md §8.1, §8.7).
import { decodeEventLog, toEventSelector } from 'viem'
import type { Hex, Log } from '../../../engine/module-api/index.js'
import { GPV2_ORDER_DATA_COMPONENTS } from './gpv2-order-abi.js'
import type { GPv2OrderData } from './order.js'

export const ETHFLOW_PRODUCTION: Hex = '0xbA3cB449bD2B4ADddBc894D8697F5170800EAdeC'
export const ETHFLOW_STAGING: Hex = '0x04501b9b1D52e67f6862d157E00D13419D2D6E95'
export const ETHFLOW_ADDRESSES: readonly Hex[] = [ETHFLOW_PRODUCTION, ETHFLOW_STAGING]

export const ETHFLOW_ABI = [
  {
    type: 'event',
    name: 'OrderPlacement',
    inputs: [
      { name: 'sender', type: 'address', indexed: true },
      { name: 'order', type: 'tuple', components: GPV2_ORDER_DATA_COMPONENTS, indexed: false },
      {
        name: 'signature',
        type: 'tuple',
        components: [
          { name: 'scheme', type: 'uint8' },
          { name: 'data', type: 'bytes' },
        ],
        indexed: false,
      },
      { name: 'data', type: 'bytes', indexed: false },
    ],
  },
] as const

export const ORDER_PLACEMENT_TOPIC: Hex = toEventSelector(
  'OrderPlacement(address,(address,address,address,uint256,uint256,uint32,bytes32,uint256,bytes32,bool,bytes32,bytes32),(uint8,bytes),bytes)',
)

/** ICoWSwapOnchainOrders.OnchainSigningScheme: 0 = Eip1271, 1 = PreSign. */
export type OnchainSigningScheme = 'eip1271' | 'presign'
const SCHEMES: readonly OnchainSigningScheme[] = ['eip1271', 'presign']

export interface OrderPlacement {
  /** The EthFlow contract that emitted the log (the order's owner), 0x lowercase. */
  contract: Hex
  sender: Hex
  order: GPv2OrderData
  /** `scheme` undefined = a variant this SDK does not know (`schemeId` says which). */
  signature: { scheme: OnchainSigningScheme | undefined; schemeId: number; data: Hex }
  data: Hex
}

export function isEthFlowAddress(address: string): boolean {
  return ETHFLOW_ADDRESSES.some((a) => a.toLowerCase() === address.toLowerCase())
}

/**
 * An `OrderPlacement` log from the production or staging EthFlow → its contents. Undefined (the
 * Rust engine ignored it silently) for another address, another topic or an undecodable body.
 */
export function decodeOrderPlacement(log: Pick<Log, 'address' | 'topics' | 'data'>): OrderPlacement | undefined {
  if (!isEthFlowAddress(log.address)) return undefined
  if (log.topics[0]?.toLowerCase() !== ORDER_PLACEMENT_TOPIC) return undefined
  try {
    const { args } = decodeEventLog({
      abi: ETHFLOW_ABI,
      eventName: 'OrderPlacement',
      topics: log.topics as [Hex, ...Hex[]],
      data: log.data,
    })
    const schemeId = args.signature.scheme
    return {
      contract: log.address.toLowerCase() as Hex,
      sender: args.sender.toLowerCase() as Hex,
      order: { ...args.order },
      signature: { scheme: SCHEMES[schemeId], schemeId, data: args.signature.data },
      data: args.data,
    }
  } catch {
    return undefined
  }
}
