// The harness's own reading of the orderbook decision table (shared/spec/orderbook.md, "The
// module side"), as data. `nexum-sim repro` prints the row an answer falls under and checks the
// module's decision against it: the judge never asks the SDK's classifier what it thinks.
// Rows are tried in order; the first that matches is the row.
import { envelopeErrorType } from './orderbook-http.js'

export type TableDecision = 'submitted' | 'already-submitted' | 'try-next-block' | 'backoff' | 'drop'

export interface DecisionRow {
  /** The row as the table writes its first column. */
  answer: string
  decision: TableDecision
  /** Backoff seconds (`retry-after` = the Retry-After header's value, else 600). */
  seconds?: number | 'retry-after'
  /** null status = no HTTP answer. */
  statuses?: readonly (number | null)[] | 'any-5xx' | 'any-4xx'
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

export const DECISION_TABLE: readonly DecisionRow[] = [
  { answer: '201', decision: 'submitted', statuses: [201] },
  {
    answer: '400 DuplicatedOrder (also DuplicateOrder)',
    decision: 'already-submitted',
    statuses: [400],
    errorTypes: ['DuplicatedOrder', 'DuplicateOrder'],
  },
  {
    answer: '400 InsufficientBalance, InsufficientAllowance',
    decision: 'backoff',
    seconds: 600,
    statuses: [400],
    errorTypes: ['InsufficientBalance', 'InsufficientAllowance'],
  },
  {
    answer: '400 TooManyLimitOrders',
    decision: 'backoff',
    seconds: 3600,
    statuses: [400],
    errorTypes: ['TooManyLimitOrders'],
  },
  { answer: '400 InvalidAppData', decision: 'backoff', seconds: 60, statuses: [400], errorTypes: ['InvalidAppData'] },
  { answer: '404 (any body)', decision: 'backoff', seconds: 600, statuses: [404] },
  { answer: '429 (any body or none)', decision: 'backoff', seconds: 'retry-after', statuses: [429] },
  {
    answer: '400 TransferSimulationFailed',
    decision: 'try-next-block',
    statuses: [400],
    errorTypes: ['TransferSimulationFailed'],
  },
  {
    answer: `400 ${TRY_AGAIN_TYPES.join(', ')}`,
    decision: 'try-next-block',
    statuses: [400],
    errorTypes: TRY_AGAIN_TYPES,
  },
  { answer: `400 ${DROP_TYPES.join(', ')}`, decision: 'drop', statuses: [400], errorTypes: DROP_TYPES },
  { answer: '403 (Forbidden)', decision: 'drop', statuses: [403] },
  {
    answer: '400 TradingOutsideAllowedWindow',
    decision: 'backoff',
    seconds: 600,
    statuses: [400],
    errorTypes: ['TradingOutsideAllowedWindow'],
  },
  {
    answer: '400 InsufficientLiquidity, CustomSolverError',
    decision: 'backoff',
    seconds: 60,
    statuses: [400],
    errorTypes: ['InsufficientLiquidity', 'CustomSolverError'],
  },
  {
    answer: '400 TokenTemporarilySuspended',
    decision: 'backoff',
    seconds: 3600,
    statuses: [400],
    errorTypes: ['TokenTemporarilySuspended'],
  },
  { answer: '400 OldOrderActivelyBidOn', decision: 'drop', statuses: [400], errorTypes: ['OldOrderActivelyBidOn'] },
  { answer: '401 (any body)', decision: 'drop', statuses: [401] },
  { answer: '422 (plain-text "Failed to deserialize")', decision: 'drop', statuses: [422] },
  { answer: '500 SellAmountOverflow', decision: 'drop', statuses: [500], errorTypes: ['SellAmountOverflow'] },
  {
    answer: '400 with an error type not listed',
    decision: 'backoff',
    seconds: 600,
    statuses: [400],
    unknownErrorType: true,
  },
  { answer: '5xx (any body)', decision: 'try-next-block', statuses: 'any-5xx' },
  {
    answer: 'a body that is not the envelope with another 4xx',
    decision: 'backoff',
    seconds: 600,
    statuses: 'any-4xx',
    notEnvelope: true,
  },
  { answer: 'transport failure or timeout (no status)', decision: 'try-next-block', statuses: [null] },
]

const KNOWN_TYPES = new Set(DECISION_TABLE.flatMap((r) => r.errorTypes ?? []))

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

/** The row an answer falls under, and what it decides; undefined for an answer the table does not cover (e.g. 2xx other than 201). */
export function tableVerdict(answer: TableAnswer): TableVerdict | undefined {
  const errorType =
    answer.body === undefined ? undefined : envelopeErrorType({ status: 0, headers: {}, body: answer.body })
  for (const row of DECISION_TABLE) {
    if (!statusMatches(row, answer.status)) continue
    if (row.errorTypes && (errorType === undefined || !row.errorTypes.includes(errorType))) continue
    if (row.notEnvelope && errorType !== undefined) continue
    if (row.unknownErrorType && (errorType === undefined || KNOWN_TYPES.has(errorType))) continue
    const verdict: TableVerdict = { row, decision: row.decision }
    if (row.seconds === 'retry-after') {
      const header = answer.retryAfter == null ? Number.NaN : Number(answer.retryAfter)
      verdict.seconds = Number.isFinite(header) && header >= 0 ? Math.ceil(header) : 600
    } else if (row.seconds !== undefined) verdict.seconds = row.seconds
    return verdict
  }
  return undefined
}

function statusMatches(row: DecisionRow, status: number | null): boolean {
  if (row.statuses === 'any-5xx') return status !== null && status >= 500 && status <= 599
  if (row.statuses === 'any-4xx') return status !== null && status >= 400 && status <= 499
  return (row.statuses ?? []).includes(status)
}

/** One line for humans: `400 TransferSimulationFailed → try-next-block`. */
export function describeVerdict(v: TableVerdict): string {
  return `${v.row.answer} → ${v.decision}${v.seconds !== undefined ? ` ${v.seconds} s` : ''}`
}
