// EIP-1271 as an eth_call: `isValidSignature(bytes32 hash, bytes signature) returns (bytes4)`;
// valid only when the call returns the magic value 0x1626ba7e (in the first 4 bytes of a word).
import { encodeFunctionData, parseAbi } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'

export const EIP1271_MAGIC_VALUE = '0x1626ba7e'

export const EIP1271_ABI = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'])

export function isValidSignatureCalldata(hash: Hex, signature: Hex): Hex {
  return encodeFunctionData({ abi: EIP1271_ABI, functionName: 'isValidSignature', args: [hash, signature] })
}

/** True when an `isValidSignature` call's return data is the magic value. */
export function isMagicValue(returnData: Hex): boolean {
  return returnData.length >= 2 + 64 && returnData.slice(0, 10).toLowerCase() === EIP1271_MAGIC_VALUE
}
