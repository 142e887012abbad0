// An orderbook answer other than 201, as a host error. `data` stays the body verbatim; the
// Retry-After header, when the answer had one, rides along as a number the SDK's classifier reads
// structurally (and, for a module that only sees fields, inside the message).
import { HostError, type HostErrorFields } from '../module-api/host-error.js'

export class CowApiError extends HostError {
  /** Seconds from the Retry-After header (delta-seconds, or an HTTP date against the clock). */
  declare readonly retryAfterSeconds?: number

  constructor(fields: HostErrorFields & { retryAfterSeconds?: number | undefined }) {
    super(fields)
    if (fields.retryAfterSeconds !== undefined) this.retryAfterSeconds = fields.retryAfterSeconds
  }
}
