// Endpoint URLs carry credentials in every shape providers use (`/v2/<key>`, `/rpc/<key>`,
// `?dkey=…`, `?x-goog-api-key=…`, `user:pass@`). Guessing which part is secret failed: the
// engine prints a URL as its scheme, host and port only, plus a short fingerprint of the whole
// URL when anything else was there, so two endpoints on one host can still be told apart.
import { createHash } from 'node:crypto'

const FINGERPRINT = /^#fp-[0-9a-f]{8}$/

/** `wss://host:port`, or `wss://host:port#fp-1a2b3c4d` when the URL had a path, query or userinfo. */
export function redactUrl(url: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:)\/\/([^/?#\s]*)([\s\S]*)$/.exec(url)
  if (!match) return `(not a URL, ${url.length} characters, fp-${fingerprint(url)})`
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string]
  const at = authority.lastIndexOf('@')
  const hostPort = authority.slice(at + 1)
  if (at < 0 && (rest === '' || rest === '/' || FINGERPRINT.test(rest)))
    return `${scheme}//${hostPort}${rest === '/' ? '' : rest}`
  return `${scheme}//${hostPort}#fp-${fingerprint(url)}`
}

/** 8 hex digits of SHA-256: enough to tell two configured URLs apart, far too few to recover a key. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

/** Every URL inside `text` (any scheme) passed through redactUrl. */
export function redactUrls(text: string): string {
  return text.replace(/\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]+/g, (url) => redactUrl(url))
}
