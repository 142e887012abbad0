// Shared by this folder's tests: one Safe, one TWAP conditional order, one tranche, and revert
// data for IConditionalOrder's hints, ABI-encoded by hand (independent of the SDK's encoders).
import type { Block, ConditionalOrderParams, GPv2OrderData, Hex } from '../sdk/index.js'
import { EMPTY_APP_DATA_HASH, orderDataToGpv2 } from '../sdk/index.js'

export const SEPOLIA = 11_155_111
export const SAFE: Hex = '0x5afe5afe5afe5afe5afe5afe5afe5afe5afe0001'
export const OTHER_SAFE: Hex = '0x5afe5afe5afe5afe5afe5afe5afe5afe5afe0002'
/** TWAP handler on Sepolia. */
export const TWAP_HANDLER: Hex = '0x6cf1e9ca41f7611def408122793c358a3d11e5a5'
export const PARAMS: ConditionalOrderParams = {
  handler: TWAP_HANDLER,
  salt: `0x${'11'.repeat(32)}`,
  staticInput: `0x${'22'.repeat(40)}`,
}
export const T0 = 1_750_000_000 // block time, seconds

/** Block n of a 12-second chain starting at T0. */
export const block = (n: number, chainId = SEPOLIA): Block => ({
  chainId,
  number: 7_000_000 + n,
  hash: `0x${'ab'.repeat(32)}`,
  timestamp: (T0 + 12 * n) * 1000,
})

/** The first tranche of the TWAP: sell 0.5 WETH for ≥ 100 COW, receiver 0x0 (the Safe). */
export const TRANCHE: GPv2OrderData = orderDataToGpv2({
  sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  buyToken: '0x0625afb445c3b6b7b929342a04a22599fd5dbb59',
  receiver: undefined,
  sellAmount: 5n * 10n ** 17n,
  buyAmount: 100n * 10n ** 18n,
  validTo: T0 + 300,
  appData: EMPTY_APP_DATA_HASH,
  feeAmount: 0n,
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
})
/** The Safe's EIP-1271 verifier bytes for the tranche (opaque to the module). */
export const SIGNATURE: Hex = `0x${'5e'.repeat(96)}`

const word = (v: bigint): string => v.toString(16).padStart(64, '0')
const abiString = (text: string): string => {
  const hex = Buffer.from(text, 'utf8').toString('hex')
  return `${word(BigInt(hex.length / 2))}${hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')}`
}

/** `selector(string reason)` revert data. */
export const reasonRevert = (selector: string, reason: string): Hex => `0x${selector}${word(0x20n)}${abiString(reason)}`
/** `selector(uint256 n, string reason)` revert data. */
export const numberRevert = (selector: string, n: bigint, reason: string): Hex =>
  `0x${selector}${word(n)}${word(0x40n)}${abiString(reason)}`

export const REVERTS = {
  orderNotValid: (reason: string) => reasonRevert('c8fc2725', reason),
  pollTryNextBlock: (reason: string) => reasonRevert('d05f3065', reason),
  pollTryAtBlock: (n: bigint, reason: string) => numberRevert('1fe8506e', n, reason),
  pollTryAtEpoch: (t: bigint, reason: string) => numberRevert('7e334637', t, reason),
  pollNever: (reason: string) => reasonRevert('981b64cd', reason),
  /** Solidity's `Error(string)`: a plain require message, not a poll hint. */
  error: (reason: string) => reasonRevert('08c379a0', reason),
}
