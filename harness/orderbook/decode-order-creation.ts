// The second half of the server's body decoding: the OpenAPI schema says "string" where the
// server's serde types demand an address, a uint256, a u32 or hex bytes. A body that fits the
// schema but not these types is, on the real server, the same 422 `InvalidJson` rejection.
import { BaseError } from '../../engine/errors/base-error.js'
import type { Hex } from '../../engine/module-api/index.js'
import { appDataHash } from './app-data-hash.js'
import type { BuyTokenBalance, OrderKind, OrderSigningScheme, SellTokenBalance } from './gpv2-order.js'

export type { OrderSigningScheme } from './gpv2-order.js'

/** The `appData` field in its three server-side forms. */
export type AppDataField =
  | { form: 'full'; full: string; hash: Hex }
  | { form: 'hash'; hash: Hex }
  /** `appData` full JSON plus an `appDataHash` that must equal its keccak. */
  | { form: 'both'; full: string; hash: Hex; declared: Hex }

export interface DecodedOrderCreation {
  sellToken: Hex
  buyToken: Hex
  /** undefined when absent or null (= the owner). */
  receiver: Hex | undefined
  sellAmount: bigint
  buyAmount: bigint
  validTo: number
  feeAmount: bigint
  kind: OrderKind
  partiallyFillable: boolean
  sellTokenBalance: SellTokenBalance
  buyTokenBalance: BuyTokenBalance
  signingScheme: OrderSigningScheme
  signature: Hex
  from: Hex | undefined
  quoteId: number | undefined
  appData: AppDataField
}

export class OrderCreationDecodeError extends BaseError {
  override readonly name = 'OrderCreationDecodeError'
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH32 = /^0x[0-9a-fA-F]{64}$/
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/
const DECIMAL = /^[0-9]+$/
const U256_MAX = 2n ** 256n - 1n
const U32_MAX = 0xffffffff

/** `body` must already fit the OrderCreation schema (field presence and JSON types). */
export function decodeOrderCreation(body: Record<string, unknown>): DecodedOrderCreation {
  const signingScheme = body.signingScheme as OrderSigningScheme
  const signature = hexBytes(body, 'signature')
  const bytes = (signature.length - 2) / 2
  // model::signature::Signature::from_bytes: ECDSA is 65 bytes with v in {0, 1, 27, 28}; a
  // pre-signature is empty or (legacy) the owner's 20-byte address.
  if (signingScheme === 'eip712' || signingScheme === 'ethsign') {
    if (bytes !== 65) throw new OrderCreationDecodeError('signature', 'ECDSA signature must be 65 bytes long')
    const v = Number.parseInt(signature.slice(-2), 16)
    if (![0, 1, 27, 28].includes(v)) {
      throw new OrderCreationDecodeError('signature', `invalid signature v value: ${v}, expected 0, 1, 27, or 28`)
    }
  }
  if (signingScheme === 'presign' && bytes !== 0 && bytes !== 20) {
    throw new OrderCreationDecodeError('signature', 'presign signature bytes should be empty or an address (legacy)')
  }
  return {
    sellToken: address(body, 'sellToken'),
    buyToken: address(body, 'buyToken'),
    receiver: optionalAddress(body, 'receiver'),
    sellAmount: uint256(body, 'sellAmount'),
    buyAmount: uint256(body, 'buyAmount'),
    validTo: u32(body, 'validTo'),
    feeAmount: uint256(body, 'feeAmount'),
    kind: body.kind as OrderKind,
    partiallyFillable: body.partiallyFillable as boolean,
    sellTokenBalance: (body.sellTokenBalance ?? 'erc20') as SellTokenBalance,
    buyTokenBalance: (body.buyTokenBalance ?? 'erc20') as BuyTokenBalance,
    signingScheme,
    signature,
    from: optionalAddress(body, 'from'),
    quoteId: typeof body.quoteId === 'number' ? body.quoteId : undefined,
    appData: appDataField(body),
  }
}

/** As the server's serde: with `appDataHash` → both; a 32-byte hex → hash; any other text → full. */
function appDataField(body: Record<string, unknown>): AppDataField {
  const text = body.appData as string
  const declared = body.appDataHash
  if (declared !== undefined && declared !== null) {
    if (typeof declared !== 'string' || !HASH32.test(declared)) {
      throw new OrderCreationDecodeError('appDataHash', 'invalid hash, expected 32 bytes of 0x-prefixed hex')
    }
    return { form: 'both', full: text, hash: appDataHash(text), declared: declared.toLowerCase() as Hex }
  }
  if (HASH32.test(text)) return { form: 'hash', hash: text.toLowerCase() as Hex }
  return { form: 'full', full: text, hash: appDataHash(text) }
}

function address(body: Record<string, unknown>, field: string): Hex {
  const value = body[field]
  if (typeof value !== 'string' || !ADDRESS.test(value)) {
    throw new OrderCreationDecodeError(
      field,
      `invalid address ${JSON.stringify(value)}, expected 20 bytes of 0x-prefixed hex`,
    )
  }
  return value.toLowerCase() as Hex
}

function optionalAddress(body: Record<string, unknown>, field: string): Hex | undefined {
  const value = body[field]
  return value === undefined || value === null ? undefined : address(body, field)
}

function uint256(body: Record<string, unknown>, field: string): bigint {
  const value = body[field]
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new OrderCreationDecodeError(field, `invalid amount ${JSON.stringify(value)}, expected a decimal uint256`)
  }
  const amount = BigInt(value)
  if (amount > U256_MAX) throw new OrderCreationDecodeError(field, `amount ${value} does not fit in a uint256`)
  return amount
}

function u32(body: Record<string, unknown>, field: string): number {
  const value = body[field]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new OrderCreationDecodeError(field, `invalid value ${JSON.stringify(value)}, expected a u32`)
  }
  return value
}

function hexBytes(body: Record<string, unknown>, field: string): Hex {
  const value = body[field]
  if (typeof value !== 'string' || !HEX_BYTES.test(value)) {
    throw new OrderCreationDecodeError(field, `invalid hex ${JSON.stringify(value)}, expected 0x-prefixed bytes`)
  }
  return value.toLowerCase() as Hex
}
