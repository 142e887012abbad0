// The working fake's order validation: the checks of the real server's order validation that
// need no balances, allowances, quotes or prices, in its order, with its error types, statuses
// and descriptions (decision 0073). Hashes and signatures are checked with viem and the world's
// chain (EIP-1271), never with the modules' code (decision 0076).
import { recoverAddress } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import type { AppDataRegistry } from './app-data-registry.js'
import { appDataProblem } from './app-data-registry.js'
import type { DecodedOrderCreation } from './decode-order-creation.js'
import type { Gpv2Order } from './gpv2-order.js'
import { orderHash, orderUid } from './order-hash.js'
import type { OrderbookChain } from './orderbook-chain.js'
import { type OrderbookAnswer, errorAnswer } from './orderbook-http.js'
import { recoverOrderSigner } from './recover-order-signer.js'

/** The server's default minimum validity (`min_order_validity_period`). */
export const MIN_VALIDITY_SECONDS = 60
/** The server's default maximum validity for limit orders (every order here is one). */
export const MAX_LIMIT_VALIDITY_SECONDS = 365 * 24 * 60 * 60
/** The sell-token placeholder meaning "native ETH" (GPv2 BUY_ETH_ADDRESS). */
export const NATIVE_TOKEN = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'
const U256_MAX = 2n ** 256n - 1n

export interface ValidOrder {
  ok: true
  order: Gpv2Order
  owner: Hex
  /** The UID the server computes: EIP-712 hash ‖ owner ‖ validTo. */
  uid: Hex
  /** The full app-data document when the body carried one. */
  fullAppData: string | undefined
}

export type OrderValidation = ValidOrder | { ok: false; answer: OrderbookAnswer }

export interface ValidationContext {
  chainId: number
  /** Seconds since the epoch, from the injected clock. */
  nowSeconds: number
  appData: AppDataRegistry
  chain: OrderbookChain
}

export async function validateOrder(body: DecodedOrderCreation, context: ValidationContext): Promise<OrderValidation> {
  const reject = (errorType: string, description: string, status = 400): OrderValidation => ({
    ok: false,
    answer: errorAnswer(status, errorType, description),
  })

  if (body.buyTokenBalance !== 'erc20') {
    return reject('UnsupportedBuyTokenDestination', `Type ${debugName(body.buyTokenBalance)}`)
  }
  if (body.sellTokenBalance !== 'erc20') {
    return reject('UnsupportedSellTokenSource', `Type ${debugName(body.sellTokenBalance)}`)
  }
  if (body.validTo < context.nowSeconds + MIN_VALIDITY_SECONDS) {
    return reject('InsufficientValidTo', 'validTo is not far enough in the future')
  }
  if (body.signingScheme !== 'presign' && body.validTo > context.nowSeconds + MAX_LIMIT_VALIDITY_SECONDS) {
    return reject('ExcessiveValidTo', 'validTo is too far into the future')
  }
  if (body.sellToken === NATIVE_TOKEN) {
    return reject('InvalidNativeSellToken', "The chain's native token (Ether/xDai) cannot be used as the sell token")
  }
  if (body.sellToken === body.buyToken) {
    return reject('SameBuyAndSellToken', 'Buy token is the same as the sell token.')
  }

  const appData = body.appData
  let fullAppData: string | undefined
  if (appData.form === 'hash') {
    if (context.appData.get(appData.hash) === undefined) {
      return reject('InvalidAppData', `Unknown pre-image for app data hash ${appData.hash}`)
    }
  } else {
    const problem = appDataProblem(appData.full)
    if (problem !== undefined) return reject('InvalidAppData', problem)
    if (appData.form === 'both' && appData.declared !== appData.hash) {
      return reject(
        'AppDataHashMismatch',
        `calculated app data hash ${appData.hash} doesn't match order app data field ${appData.declared}`,
      )
    }
    fullAppData = appData.full
  }

  const order: Gpv2Order = {
    sellToken: body.sellToken,
    buyToken: body.buyToken,
    receiver: body.receiver,
    sellAmount: body.sellAmount,
    buyAmount: body.buyAmount,
    validTo: body.validTo,
    appData: appData.hash,
    feeAmount: body.feeAmount,
    kind: body.kind,
    partiallyFillable: body.partiallyFillable,
    sellTokenBalance: body.sellTokenBalance,
    buyTokenBalance: body.buyTokenBalance,
  }

  const hash = orderHash(order, context.chainId)
  let owner: Hex
  if (body.signingScheme === 'presign' || body.signingScheme === 'eip1271') {
    if (body.from === undefined) return reject('MissingFrom', 'From address must be specified for on-chain signature')
    owner = body.from
    if (body.signingScheme === 'eip1271') {
      let check: Awaited<ReturnType<OrderbookChain['isValidSignature']>>
      try {
        check = await context.chain.isValidSignature(context.chainId, owner, hash, body.signature)
      } catch {
        return reject('InternalServerError', '', 500)
      }
      // `unknown`: the world models nothing at the owner (no contract, no ComposableCoW, no
      // recording), so there is nobody to ask; accepted (decision 0076).
      if (check === 'invalid') {
        return reject('InvalidEip1271Signature', `signature for computed order hash ${hash} is not valid`)
      }
    }
  } else {
    const signer = await recoverOrderSigner(order, context.chainId, body.signingScheme, body.signature)
    if (signer === undefined) return reject('InvalidSignature', 'invalid signature')
    if (body.from !== undefined && body.from !== signer) {
      return reject('WrongOwner', `recovered signer ${signer} from signing hash ${hash} does not match from address`)
    }
    owner = signer
  }

  if (body.sellAmount === 0n || body.buyAmount === 0n) return reject('ZeroAmount', 'Buy or sell amount is zero.')
  if (body.feeAmount !== 0n) return reject('NonZeroFee', 'Fee must be zero')
  if (body.sellAmount + body.feeAmount > U256_MAX) {
    return reject('SellAmountOverflow', 'Sell amount + fee amount must fit in U256', 500)
  }
  return { ok: true, order, owner, uid: orderUid(order, owner, context.chainId), fullAppData }
}

async function recoverSigner(hash: Hex, signature: Hex): Promise<Hex | undefined> {
  try {
    return (await recoverAddress({ hash, signature })).toLowerCase() as Hex
  } catch {
    return undefined
  }
}

/** Rust's `{:?}` of the balance enums: `Internal`, `External`. */
function debugName(balance: string): string {
  return balance.charAt(0).toUpperCase() + balance.slice(1)
}

let warmed: Promise<void> | undefined

/**
 * viem loads its secp256k1 code with a dynamic import on the first recovery. Doing that once
 * before a run keeps the first eip712/ethsign order from waiting on the module loader, which
 * no virtual clock controls. The signature is one byte long: viem imports the curve, then
 * refuses it, so the curve's precomputed tables (~50-100 ms of CPU) wait for a real order.
 */
export function prepareSignatureRecovery(): Promise<void> {
  warmed ??= recoverSigner(`0x${'11'.repeat(32)}`, '0x1b').then(() => undefined)
  return warmed
}
