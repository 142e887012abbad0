// The harness's own reading of the orderbook decision table (docs/orderbook.md, "The module
// side: the decision table"), as data. `nexum-sim repro` prints the row an answer falls under and checks the
// module's decision against it: the judge never asks the SDK's classifier what it thinks, so the
// rows repeat modules/sdk/cow/classify-orderbook-error.ts's lists on purpose (one copy per side).
// Rows are tried in order; the first that matches is the row.
import { envelopeErrorType } from './orderbook-http.js'

export type TableDecision = 'submitted' | 'already-submitted' | 'try-next-block' | 'backoff' | 'drop'

/** Which statuses a row covers. */
type Statuses =
  | readonly number[]
  /** 400-499 but 401, 403, 404 and 429 (they have rows of their own): "another 4xx … as a 400". */
  | 'envelope-4xx'
  | 'any-5xx'
  /** No HTTP answer, or a code that is not an error status (anything outside 400-599 but 201). */
  | 'no-error-status'

export interface DecisionRow {
  /** The row as docs/orderbook.md writes its first column. */
  answer: string
  decision: TableDecision
  /** Backoff seconds (`retry-after` = the Retry-After header's value, else 600). */
  seconds?: number | 'retry-after'
  statuses: Statuses
  /** Only when the body is the envelope with one of these errorTypes. */
  errorTypes?: readonly string[]
  /** Only when the body is not the `{errorType, description}` envelope. */
  notEnvelope?: boolean
  /** Only when the envelope's errorType is none of the table's. */
  unknownErrorType?: boolean
}

const TRY_AGAIN_TYPES = [
  'QuoteNotFound',
  'InvalidQuote',
  'InsufficientValidTo',
  'InvalidEip1271Signature',
  'QuoteNotVerified',
  'InsufficientFee',
  'PriceExceedsMarketPrice',
]
const DROP_TYPES = [
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
]

/** docs/orderbook.md, "The module side: the decision table"; the status-only rows first. */
export const DECISION_TABLE: readonly DecisionRow[] = [
  { answer: '201', decision: 'submitted', statuses: [201] },
  { answer: '404 (any body)', decision: 'backoff', seconds: 600, statuses: [404] },
  { answer: '429 (any body or none)', decision: 'backoff', seconds: 'retry-after', statuses: [429] },
  { answer: '403 (Forbidden)', decision: 'drop', statuses: [403] },
  { answer: '401 (any body; a replacement by another signer)', decision: 'drop', statuses: [401] },
  {
    answer: '422 (not the envelope: the server could not read our JSON)',
    decision: 'drop',
    statuses: [422],
    notEnvelope: true,
  },
  {
    answer: '500 with errorType SellAmountOverflow',
    decision: 'drop',
    statuses: [500],
    errorTypes: ['SellAmountOverflow'],
  },
  {
    answer: '400 DuplicatedOrder (also DuplicateOrder)',
    decision: 'already-submitted',
    statuses: 'envelope-4xx',
    errorTypes: ['DuplicatedOrder', 'DuplicateOrder'],
  },
  {
    answer: '400 InsufficientBalance, InsufficientAllowance',
    decision: 'backoff',
    seconds: 600,
    statuses: 'envelope-4xx',
    errorTypes: ['InsufficientBalance', 'InsufficientAllowance'],
  },
  {
    answer: '400 TooManyLimitOrders',
    decision: 'backoff',
    seconds: 3600,
    statuses: 'envelope-4xx',
    errorTypes: ['TooManyLimitOrders'],
  },
  {
    answer: '400 InvalidAppData',
    decision: 'backoff',
    seconds: 60,
    statuses: 'envelope-4xx',
    errorTypes: ['InvalidAppData'],
  },
  {
    answer: '400 TransferSimulationFailed',
    decision: 'try-next-block',
    statuses: 'envelope-4xx',
    errorTypes: ['TransferSimulationFailed'],
  },
  {
    answer: `400 ${TRY_AGAIN_TYPES.join(', ')}`,
    decision: 'try-next-block',
    statuses: 'envelope-4xx',
    errorTypes: TRY_AGAIN_TYPES,
  },
  { answer: `400 ${DROP_TYPES.join(', ')}`, decision: 'drop', statuses: 'envelope-4xx', errorTypes: DROP_TYPES },
  {
    answer: '400 TradingOutsideAllowedWindow',
    decision: 'backoff',
    seconds: 600,
    statuses: 'envelope-4xx',
    errorTypes: ['TradingOutsideAllowedWindow'],
  },
  {
    answer: '400 InsufficientLiquidity, CustomSolverError',
    decision: 'backoff',
    seconds: 60,
    statuses: 'envelope-4xx',
    errorTypes: ['InsufficientLiquidity', 'CustomSolverError'],
  },
  {
    answer: '400 TokenTemporarilySuspended',
    decision: 'backoff',
    seconds: 3600,
    statuses: 'envelope-4xx',
    errorTypes: ['TokenTemporarilySuspended'],
  },
  {
    answer: '400 OldOrderActivelyBidOn',
    decision: 'drop',
    statuses: 'envelope-4xx',
    errorTypes: ['OldOrderActivelyBidOn'],
  },
  {
    answer: '400 with an error type not listed',
    decision: 'backoff',
    seconds: 600,
    statuses: 'envelope-4xx',
    unknownErrorType: true,
  },
  { answer: '5xx, whatever the body', decision: 'try-next-block', statuses: 'any-5xx' },
  {
    answer: 'a body that is not the envelope with a 4xx other than 401/403/404/422/429',
    decision: 'backoff',
    seconds: 600,
    statuses: 'envelope-4xx',
    notEnvelope: true,
  },
  {
    answer: 'transport failure or timeout (no status), or not an error status',
    decision: 'try-next-block',
    statuses: 'no-error-status',
  },
]

/** The 400 error types the table lists (a 500's SellAmountOverflow is not one: as a 400 it is unknown). */
const KNOWN_TYPES = new Set(DECISION_TABLE.flatMap((r) => (r.statuses === 'envelope-4xx' ? (r.errorTypes ?? []) : [])))

export interface TableAnswer {
  /** null: no HTTP answer. */
  status: number | null
  body?: string | undefined
  retryAfter?: string | null | undefined
}

export interface TableVerdict {
  row: DecisionRow
  decision: TableDecision
  seconds?: number | undefined
}

/** The row an answer falls under, and what it decides. */
export function tableVerdict(answer: TableAnswer): TableVerdict | undefined {
  const errorType =
    answer.body === undefined ? undefined : envelopeErrorType({ status: 0, headers: {}, body: answer.body })
  for (const row of DECISION_TABLE) {
    if (!statusMatches(row.statuses, answer.status)) continue
    if (row.errorTypes && (errorType === undefined || !row.errorTypes.includes(errorType))) continue
    if (row.notEnvelope && errorType !== undefined) continue
    if (row.unknownErrorType && (errorType === undefined || KNOWN_TYPES.has(errorType))) continue
    const verdict: TableVerdict = { row, decision: row.decision }
    if (row.seconds === 'retry-after') {
      // The judge's own reading of the header (delta-seconds), apart from the engine's parser
      // (engine/host/retry-after.ts) on purpose: the harness never uses the judged code.
      const header = answer.retryAfter == null ? Number.NaN : Number(answer.retryAfter)
      verdict.seconds = Number.isFinite(header) && header >= 0 ? Math.ceil(header) : 600
    } else if (row.seconds !== undefined) verdict.seconds = row.seconds
    return verdict
  }
  return undefined
}

function statusMatches(statuses: Statuses, status: number | null): boolean {
  if (statuses === 'any-5xx') return status !== null && status >= 500 && status <= 599
  if (statuses === 'envelope-4xx')
    return (
      status !== null &&
      status >= 400 &&
      status <= 499 &&
      status !== 401 &&
      status !== 403 &&
      status !== 404 &&
      status !== 429
    )
  if (statuses === 'no-error-status') return status === null || ((status < 400 || status > 599) && status !== 201)
  return status !== null && statuses.includes(status)
}

/** One line for humans: `400 TransferSimulationFailed → try-next-block`. */
export function describeVerdict(v: TableVerdict): string {
  return `${v.row.answer} → ${v.decision}${v.seconds !== undefined ? ` ${v.seconds} s` : ''}`
}
