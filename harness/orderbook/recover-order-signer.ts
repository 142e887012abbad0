// Who signed an ECDSA order: eip712 signs the typed data, ethsign the EIP-191 message of its
// 32-byte hash (GPv2Signing). viem does the recovery; undefined when the signature is unusable.
import { recoverMessageAddress, recoverTypedDataAddress } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import { GPV2_ORDER_TYPES, type Gpv2Order, gpv2Domain, orderMessage } from './gpv2-order.js'
import { orderHash } from './order-hash.js'

export async function recoverOrderSigner(
  order: Gpv2Order,
  chainId: number,
  scheme: 'eip712' | 'ethsign',
  signature: Hex,
): Promise<Hex | undefined> {
  try {
    const signer =
      scheme === 'eip712'
        ? await recoverTypedDataAddress({
            domain: gpv2Domain(chainId),
            types: GPV2_ORDER_TYPES,
            primaryType: 'Order',
            message: orderMessage(order),
            signature,
          })
        : await recoverMessageAddress({ message: { raw: orderHash(order, chainId) }, signature })
    return signer.toLowerCase() as Hex
  } catch {
    return undefined
  }
}
