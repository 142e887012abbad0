// The module ABI's error: what a host call fails with, and what a module's init/onEvent may fail
// with while staying alive. Anything else a module throws is a trap.
import { BaseError } from '../errors/base-error.js'

export type HostErrorKind =
  | 'unsupported'
  | 'unavailable'
  | 'denied'
  | 'rate-limited'
  | 'timeout'
  | 'invalid-input'
  | 'internal'

export interface HostErrorFields {
  domain: string
  kind: HostErrorKind
  code: number
  message: string
  /** Verbatim payload: the orderbook's response body, the JSON-RPC error's `data`. */
  data?: string | undefined
}

export class HostError extends BaseError {
  override readonly name = 'HostError'
  readonly domain: string
  readonly kind: HostErrorKind
  readonly code: number
  readonly data: string | undefined

  constructor(fields: HostErrorFields) {
    super(fields.message)
    this.domain = fields.domain
    this.kind = fields.kind
    this.code = fields.code
    this.data = fields.data
  }

  /** The Rust engine's Display: `{domain}: {message} (code={code}, kind={kind})`. */
  override toString(): string {
    return `${this.domain}: ${this.message} (code=${this.code}, kind=${this.kind})`
  }

  toFields(): HostErrorFields {
    return { domain: this.domain, kind: this.kind, code: this.code, message: this.message, data: this.data }
  }
}

/**
 * Structural check, so a HostError built by another copy of this file (a module bundled
 * separately) still counts as a host error rather than a trap.
 */
export function isHostError(value: unknown): value is HostError {
  if (value instanceof HostError) return true
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v.name === 'HostError' && typeof v.domain === 'string' && typeof v.kind === 'string' && typeof v.code === 'number'
  )
}

export const HOST_ERROR_KINDS: readonly HostErrorKind[] = [
  'unsupported',
  'unavailable',
  'denied',
  'rate-limited',
  'timeout',
  'invalid-input',
  'internal',
]
