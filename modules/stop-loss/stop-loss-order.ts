// The one order a stop-loss instance posts: identical every block (same UID), so the decision
// markers keyed on the UID dedup it (docs/design.md §8.5 step 3).
import type { Hex, OrderCreation, OrderData } from '../sdk/index.js'
import {
  EMPTY_APP_DATA_HASH,
  HostError,
  OrderCreationError,
  OrderUidError,
  buildOrderCreation,
  computeOrderUid,
  isCowChain,
} from '../sdk/index.js'
import type { StopLossSettings } from './config.js'

export interface StopLossSubmission {
  /** 0x + 112 lowercase hex, computed locally. */
  uid: Hex
  body: OrderCreation
}

/** Sell `sellAmount` of sell_token for at least `buyAmount` of buy_token, to the owner, fee 0. */
export function stopLossOrder(s: StopLossSettings): OrderData {
  return {
    sellToken: s.sellToken,
    buyToken: s.buyToken,
    receiver: s.owner,
    sellAmount: s.sellAmount,
    buyAmount: s.buyAmount,
    validTo: s.validTo,
    appData: EMPTY_APP_DATA_HASH,
    feeAmount: 0n,
    kind: 'sell',
    partiallyFillable: false,
    sellTokenBalance: 'erc20',
    buyTokenBalance: 'erc20',
  }
}

/**
 * The UID and the PreSign OrderCreation body (`from` = owner, appData `"{}"`). A chain without
 * cowprotocol, or a body the SDK refuses, is a HostError (domain stop-loss) for the caller's
 * `stop-loss skipped (build): …` line.
 */
export function buildSubmission(chainId: number, s: StopLossSettings): StopLossSubmission {
  // The order is the same every block (that is what makes the UID dedup work): build it once
  // per settings and chain.
  let perChain = built.get(s)
  if (!perChain) {
    perChain = new Map()
    built.set(s, perChain)
  }
  let submission = perChain.get(chainId)
  if (!submission) {
    submission = buildSubmissionUncached(chainId, s)
    perChain.set(chainId, submission)
  }
  return submission
}

const built = new WeakMap<StopLossSettings, Map<number, StopLossSubmission>>()

function buildSubmissionUncached(chainId: number, s: StopLossSettings): StopLossSubmission {
  if (!isCowChain(chainId)) {
    throw new HostError({
      domain: 'stop-loss',
      kind: 'unsupported',
      code: 0,
      message: `chain ${chainId} not supported by cowprotocol`,
    })
  }
  const order = stopLossOrder(s)
  try {
    return {
      uid: computeOrderUid(order, s.owner, chainId),
      body: buildOrderCreation({ order, signingScheme: 'presign', from: s.owner }),
    }
  } catch (error) {
    if (!(error instanceof OrderCreationError || error instanceof OrderUidError)) throw error
    throw new HostError({
      domain: 'stop-loss',
      kind: 'invalid-input',
      code: 0,
      message: `cowprotocol rejected the body: ${error.message}`,
    })
  }
}
