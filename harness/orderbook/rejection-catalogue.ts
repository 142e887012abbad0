// Every rejection POST /api/v1/orders can get from the orderbook server, exactly as it sends it
// (status, body, content type), by name: the `reject:` rule form of scenarios (docs/orderbook.md,
// decision 0077). Envelope answers carry the server's own description; the plain-text and empty
// ones are what its web framework (axum 0.8) or the HTTP layer in front of it answers.
// Sources: cowprotocol/services at 6a3eb42 — crates/orderbook/src/api.rs, api/post_order.rs,
// crates/e2e/tests/e2e/malformed_requests.rs; axum 0.8's Json and body-limit rejections.
import { BaseError } from '../../engine/errors/base-error.js'
import { type OrderbookAnswer, emptyAnswer, errorAnswer, textAnswer } from './orderbook-http.js'

export type CatalogueEntry =
  | { kind: 'envelope'; status: number; description: string }
  | { kind: 'text'; status: number; text: string }
  | { kind: 'empty'; status: number }

const envelope = (status: number, description: string): CatalogueEntry => ({ kind: 'envelope', status, description })

/** axum's Json rejections and body limit (plain text, `text/plain; charset=utf-8`). */
export const JSON_SYNTAX_PREFIX = 'Failed to parse the request body as JSON: '
export const JSON_DATA_PREFIX = 'Failed to deserialize the JSON body into the target type: '
export const MISSING_JSON_CONTENT_TYPE = 'Expected request with `Content-Type: application/json`'
export const LENGTH_LIMIT_TEXT = 'Failed to buffer the request body: length limit exceeded'

export const REJECTION_CATALOGUE: ReadonlyMap<string, CatalogueEntry> = new Map<string, CatalogueEntry>([
  // 400, order validation (api/post_order.rs)
  ['UnsupportedBuyTokenDestination', envelope(400, 'Type Internal')],
  ['UnsupportedSellTokenSource', envelope(400, 'Type External')],
  ['UnsupportedOrderType', envelope(400, 'This order type is currently not supported')],
  ['InsufficientValidTo', envelope(400, 'validTo is not far enough in the future')],
  ['ExcessiveValidTo', envelope(400, 'validTo is too far into the future')],
  ['InvalidNativeSellToken', envelope(400, "The chain's native token (Ether/xDai) cannot be used as the sell token")],
  ['SameBuyAndSellToken', envelope(400, 'Buy token is the same as the sell token.')],
  ['UnsupportedToken', envelope(400, 'Token 0x0000000000000000000000000000000000000000 is unsupported: deny-listed')],
  ['InvalidAppData', envelope(400, 'Unknown pre-image for app data hash')],
  ['AppDataHashMismatch', envelope(400, "calculated app data hash doesn't match order app data field")],
  ['MissingFrom', envelope(400, 'From address must be specified for on-chain signature')],
  [
    'AppdataFromMismatch',
    envelope(400, 'from address cannot be different from metadata.signer specified in the app data'),
  ],
  ['WrongOwner', envelope(400, 'recovered signer from signing hash does not match from address')],
  ['InvalidEip1271Signature', envelope(400, 'signature for computed order hash is not valid')],
  ['InsufficientBalance', envelope(400, 'order owner must have funds worth at least x in his account')],
  ['InsufficientAllowance', envelope(400, 'order owner must give allowance to VaultRelayer')],
  ['InvalidSignature', envelope(400, 'invalid signature')],
  ['NonZeroFee', envelope(400, 'Fee must be zero')],
  ['TransferSimulationFailed', envelope(400, 'sell token cannot be transferred')],
  [
    'QuoteNotVerified',
    envelope(
      400,
      'No quote for this trade could be verified to be accurate. Aborting the order creation since it will likely not be executed.',
    ),
  ],
  ['ZeroAmount', envelope(400, 'Buy or sell amount is zero.')],
  ['InvalidValidFrom', envelope(400, "appData validFrom must be earlier than the order's validTo.")],
  ['IncompatibleSigningScheme', envelope(400, 'Signing scheme is not compatible with order placement method.')],
  ['TooManyLimitOrders', envelope(400, 'Too many limit orders')],
  ['TooMuchGas', envelope(400, 'Executing order requires too many gas units')],
  ['DuplicatedOrder', envelope(400, 'order already exists')],
  ['OldOrderActivelyBidOn', envelope(400, 'The old order is actively beign bid on in recent auctions')],
  // 400, price estimation passed through (api.rs PriceEstimationErrorWrapper; services #4268)
  ['TradingOutsideAllowedWindow', envelope(400, 'trading outside the allowed window')],
  ['TokenTemporarilySuspended', envelope(400, 'token temporarily suspended')],
  ['InsufficientLiquidity', envelope(400, 'insufficient liquidity')],
  ['CustomSolverError', envelope(400, 'solver error')],
  // 403 deny-listed; 404 no route (also the estimators' rate limiting). The 401 (a replacement
  // by another signer) is `reject: WrongOwner` with `status: 401` and its description.
  ['Forbidden', envelope(403, 'Forbidden, your account is deny-listed')],
  ['NoLiquidity', envelope(404, 'no route found')],
  // 500
  ['SellAmountOverflow', envelope(500, 'Sell amount + fee amount must fit in U256')],
  ['MetadataSerializationFailed', envelope(500, 'quote metadata could not be serialized')],
  ['InternalServerError', envelope(500, '')],
  // Not the envelope: the framework's and the HTTP layer's answers.
  [
    'JsonSyntaxError',
    { kind: 'text', status: 400, text: `${JSON_SYNTAX_PREFIX}key must be a string at line 1 column 2` },
  ],
  ['JsonDataError', { kind: 'text', status: 422, text: `${JSON_DATA_PREFIX}missing field \`sellToken\`` }],
  ['MissingJsonContentType', { kind: 'text', status: 415, text: MISSING_JSON_CONTENT_TYPE }],
  ['LengthLimitError', { kind: 'text', status: 413, text: LENGTH_LIMIT_TEXT }],
  ['LengthRequired', { kind: 'empty', status: 411 }],
])

/** Names the `reject:` rule form accepts, in catalogue order. */
export const REJECTION_NAMES: readonly string[] = [...REJECTION_CATALOGUE.keys()]

export class UnknownRejectionError extends BaseError {
  override readonly name = 'UnknownRejectionError'
}

/**
 * The answer of a catalogue entry. `description` replaces the envelope's description (or the
 * plain text); `status` replaces the catalogue's status (the 401 `WrongOwner` of a replacement).
 */
export function catalogueAnswer(
  name: string,
  overrides: { description?: string | undefined; status?: number | undefined } = {},
): OrderbookAnswer {
  const entry = REJECTION_CATALOGUE.get(name)
  if (entry === undefined)
    throw new UnknownRejectionError(`no rejection named ${JSON.stringify(name)} in the catalogue`)
  const status = overrides.status ?? entry.status
  switch (entry.kind) {
    case 'envelope':
      return errorAnswer(status, name, overrides.description ?? entry.description)
    case 'text':
      return textAnswer(status, overrides.description ?? entry.text)
    case 'empty':
      return emptyAnswer(status)
  }
}
