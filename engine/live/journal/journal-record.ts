// One line of the engine's journal: one orderbook exchange, with everything needed to replay the
// dispatch that made it offline (docs/recording.md, docs/journal.schema.json). Paths only, never
// URLs, and no headers but Retry-After: credentials in endpoint URLs cannot reach it.

/** Bodies are kept verbatim up to this many UTF-16 code units; longer ones are cut and flagged. */
export const JOURNAL_BODY_CAP = 65_536

export const JOURNAL_FORMAT_VERSION = 1

export interface JournalBody {
  /** The body text, verbatim (cut at JOURNAL_BODY_CAP when `truncated`). */
  text: string
  /** Length of the whole body before any cut. */
  length: number
  truncated: boolean
}

export interface JournalRpcCall {
  method: string
  params: unknown[]
  result?: unknown
  error?: { code: number; message: string; data?: unknown } | undefined
}

export interface JournalDecision {
  uid: string
  decision: string
  backoffSeconds?: number | undefined
  status?: number | undefined
  errorType?: string | undefined
}

export interface JournalRecord {
  v: typeof JOURNAL_FORMAT_VERSION
  chain: number
  /** What the module was handling: a block, a log, or its init. */
  event: 'block' | 'logs' | 'init'
  /** The block the dispatch was for; hash and timestamp null when the engine never saw its header. */
  block: { number: number; hash: string | null; timestamp: number | null } | null
  module: string
  request: { method: string; path: string; body: JournalBody | null }
  /** null: no HTTP answer (transport failure, timeout); `failure` says what happened. */
  response: { status: number; retryAfter: string | null; body: JournalBody } | null
  failure?: string | undefined
  /** The decision the module reported after this exchange, if any. */
  decision: JournalDecision | null
  /** Every JSON-RPC call the module made during the dispatch, in order, with its answer. */
  rpc: JournalRpcCall[]
}

export function journalBody(text: string): JournalBody {
  return text.length > JOURNAL_BODY_CAP
    ? { text: text.slice(0, JOURNAL_BODY_CAP), length: text.length, truncated: true }
    : { text, length: text.length, truncated: false }
}
