// Readable, credential-free text for errors that come out of viem and the ws client. Their
// messages can quote the RPC URL, and an RPC URL often carries an API key.
import { redactUrls } from '../host/redact-url.js'

/** A detail from an Error, a DOM ErrorEvent (what the ws client rejects with), or anything. */
export function describeError(error: unknown): string {
  return redactUrls(rawDetail(error))
}

function rawDetail(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: unknown; error?: { message?: unknown } }
    if (typeof e.message === 'string' && e.message !== '') return e.message
    if (typeof e.error?.message === 'string') return e.error.message
  }
  return String(error)
}
