// The orderbook decision table as data (docs/policies.md): the engine loads a policy file at boot
// and hands it to every module's host, through the worker boundary as plain data; the SDK's
// classifier evaluates it. Types only: the ABI both sides see.

/** What a policy row tells a module to do with the order UID. */
export type PolicyAction = 'submitted' | 'already-submitted' | 'backoff' | 'try-next-block' | 'drop-on-repeat' | 'drop'

export const POLICY_ACTIONS: readonly PolicyAction[] = [
  'submitted',
  'already-submitted',
  'backoff',
  'try-next-block',
  'drop-on-repeat',
  'drop',
]

/**
 * One item of a row's `status`: an exact HTTP status, a class (`4xx`), or `transport`: no HTTP
 * answer at all (a network failure or timeout, or a code that is not an HTTP status).
 */
export type PolicyStatus = number | '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'transport'

/** The action of a row or of the policy's `[default]`, with its backoff figures. */
export interface PolicyOutcome {
  action: PolicyAction
  /** For `backoff`: seconds to wait (the fallback when `retryAfter` finds no header). */
  seconds?: number | undefined
  /** For `backoff`: the answer's Retry-After wins over `seconds` when present. */
  retryAfter?: boolean | undefined
  /**
   * For `drop-on-repeat`: a repeat this many blocks (or more) after the order's first such
   * rejection drops it; earlier repeats try the next block again. 1 = any later block.
   */
  graceBlocks?: number | undefined
}

export interface PolicyRule extends PolicyOutcome {
  /** Any of these matches. */
  status: readonly PolicyStatus[]
  /** `envelope`: the body is `{errorType, description}`; `not-envelope`: anything else. */
  body?: 'envelope' | 'not-envelope' | undefined
  /** The envelope's errorType is one of these (implies `body = "envelope"`). */
  errorTypes?: readonly string[] | undefined
  /** Why, in the file's words. */
  note?: string | undefined
}

export interface OrderbookPolicy {
  version: 1
  /** The policy's name (`default`, `watch-tower`, `shepherd`, or the operator's). */
  name: string
  /** The file it was read from, named in log lines and errors. */
  file: string
  /** Tried in order; the first that matches decides. */
  rules: readonly PolicyRule[]
  /** For an answer no row matches. */
  otherwise: PolicyOutcome
}
