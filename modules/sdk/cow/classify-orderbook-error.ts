// The decision table of docs/orderbook.md: a failed `submitOrder` → one decision.
// Pure: the caller persists the decision (decision-store.ts) and logs it.
import { MAX_RETRY_AFTER_SECONDS, parseOrderbookErrorBody } from '../../../engine/module-api/index.js'

/** What the module does with the order UID next. */
export type OrderbookDecision =
  | { decision: 'try-next-block' }
  | { decision: 'backoff'; seconds: number }
  | { decision: 'drop' }
  | { decision: 'already-submitted' }

export type OrderbookClassification = OrderbookDecision & {
  /** The HTTP status (0 = no answer: transport failure or timeout). */
  status: number
  /** The envelope's `errorType`, when the body was the envelope. */
  errorType?: string | undefined
  /** The envelope's `description`, for log lines. */
  description?: string | undefined
  /** True when a 4xx envelope carried an errorType this table does not know. */
  unknownType?: boolean | undefined
  /**
   * True for a 422: the orderbook could not read the JSON we sent (its plain-text body, cut to
   * MAX_BODY_CHARS, is the `description`). Our bug: modules log it at error level.
   */
  malformedRequest?: boolean | undefined
}

/** A plain-text 422 body is cut to this many characters in `description`. */
export const MAX_BODY_CHARS = 300

/**
 * The failure as the cow-api host reports it: a HostError, or anything shaped like one.
 * `retryAfterSeconds` is read structurally (the engine's CowApiError carries it on a 429).
 */
export interface OrderbookFailure {
  code: number
  data?: string | undefined | null
  kind?: string | undefined
  message?: string | undefined
  retryAfterSeconds?: number | undefined
}

export const DEFAULT_BACKOFF_SECONDS = 600

const TRY_NEXT_BLOCK: OrderbookDecision = { decision: 'try-next-block' }
const DROP: OrderbookDecision = { decision: 'drop' }
const ALREADY_SUBMITTED: OrderbookDecision = { decision: 'already-submitted' }
const backoff = (seconds: number): OrderbookDecision => ({ decision: 'backoff', seconds })

/** The `400 <errorType>` rows of the table (also applied to other 4xx that carry an envelope). */
const BY_ERROR_TYPE: ReadonlyMap<string, OrderbookDecision> = new Map<string, OrderbookDecision>([
  ['DuplicatedOrder', ALREADY_SUBMITTED],
  ['DuplicateOrder', ALREADY_SUBMITTED], // the legacy spelling (cowprotocol crate)
  ['InsufficientBalance', backoff(600)],
  ['InsufficientAllowance', backoff(600)],
  ['TooManyLimitOrders', backoff(3600)],
  ['InvalidAppData', backoff(60)],
  // Price-estimation failures the server passes through since 2026 (services #4268): temporary,
  // but not worth a POST every block.
  ['TradingOutsideAllowedWindow', backoff(600)],
  ['InsufficientLiquidity', backoff(60)],
  ['CustomSolverError', backoff(60)],
  ['TokenTemporarilySuspended', backoff(3600)],
  ['TransferSimulationFailed', TRY_NEXT_BLOCK],
  ...(
    [
      'QuoteNotFound',
      'InvalidQuote',
      'InsufficientValidTo',
      'InvalidEip1271Signature',
      'QuoteNotVerified',
      'InsufficientFee',
      'PriceExceedsMarketPrice',
    ] as const
  ).map((t) => [t, TRY_NEXT_BLOCK] as const),
  ...(
    [
      'InvalidSignature',
      'WrongOwner',
      'MissingFrom',
      'IncompatibleSigningScheme',
      'ZeroAmount',
      'SameBuyAndSellToken',
      'UnsupportedToken',
      'UnsupportedBuyTokenDestination',
      'UnsupportedSellTokenSource',
      'UnsupportedOrderType',
      'ExcessiveValidTo',
      'InvalidNativeSellToken',
      'TooMuchGas',
      'AppDataHashMismatch',
      'AppdataFromMismatch',
      'NonZeroFee',
      'InvalidValidFrom',
      'TransferEthToContract',
      // A replacement rejection: these modules never replace, so retrying cannot help.
      'OldOrderActivelyBidOn',
    ] as const
  ).map((t) => [t, DROP] as const),
])

/**
 * The seconds the engine read from the answer's Retry-After header (its one parser,
 * engine/host/retry-after.ts), still checked and clamped: a module trusts no value it is given.
 */
function hostRetryAfter(failure: OrderbookFailure): number | undefined {
  const seconds = failure.retryAfterSeconds
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined
  return Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS)
}

export function classifyOrderbookError(failure: OrderbookFailure): OrderbookClassification {
  const status = failure.code
  const envelope = parseOrderbookErrorBody(failure.data)
  const detail = { status, errorType: envelope?.errorType, description: envelope?.description }

  // No HTTP answer (transport failure, timeout): the POST may have landed; the next attempt's
  // DuplicatedOrder resolves it. Codes that are not HTTP statuses are treated the same way.
  if (!Number.isInteger(status) || status < 400 || status > 599) return { ...TRY_NEXT_BLOCK, ...detail }
  // The server answers this one with 500; the same order overflows every time.
  if (status === 500 && envelope?.errorType === 'SellAmountOverflow') return { ...DROP, ...detail }
  if (status >= 500) return { ...TRY_NEXT_BLOCK, ...detail }
  if (status === 429) return { ...backoff(hostRetryAfter(failure) ?? DEFAULT_BACKOFF_SECONDS), ...detail }
  if (status === 404) return { ...backoff(DEFAULT_BACKOFF_SECONDS), ...detail }
  // 403 deny-listed; 401 a replacement by another signer (our modules never replace); 422 the
  // JSON we sent does not match the schema (the server's plain-text "Failed to deserialize"):
  // our bug, and the same body will never be accepted.
  if (status === 422) {
    const body = envelope === undefined ? (failure.data ?? '').slice(0, MAX_BODY_CHARS) : detail.description
    return { ...DROP, ...detail, description: body, malformedRequest: true }
  }
  if (status === 403 || status === 401) return { ...DROP, ...detail }
  // Any other 4xx: not the envelope → a pause; an envelope → by its errorType.
  if (envelope === undefined) return { ...backoff(DEFAULT_BACKOFF_SECONDS), ...detail }
  const known = BY_ERROR_TYPE.get(envelope.errorType)
  if (known !== undefined) return { ...known, ...detail }
  // A newer server must not make an order retry every block, nor vanish.
  return { ...backoff(DEFAULT_BACKOFF_SECONDS), ...detail, unknownType: true }
}
