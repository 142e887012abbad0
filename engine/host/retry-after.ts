// The Retry-After header (RFC 9110 §10.2.3): delta-seconds, or an HTTP date read against the
// engine's clock (virtual under the harness), never the wall clock.
import { MAX_RETRY_AFTER_SECONDS } from '../module-api/host.js'

/** Whole seconds to wait (at most MAX_RETRY_AFTER_SECONDS), or undefined when the value is neither form. */
export function retryAfterSeconds(value: string, nowMs: number): number | undefined {
  const seconds = parseRetryAfter(value, nowMs)
  return seconds === undefined ? undefined : Math.min(seconds, MAX_RETRY_AFTER_SECONDS)
}

function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  // Date.parse alone is lenient (it reads `1.5` as a date): require a month name and a time.
  if (!HTTP_DATE_SHAPE.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - nowMs) / 1000))
}

/** IMF-fixdate, RFC 850 and asctime all carry a month name and hh:mm:ss. */
const HTTP_DATE_SHAPE = /[A-Za-z]{3}.*\b\d{2}:\d{2}:\d{2}\b/
