// RPC URLs carry credentials (Alchemy `/v2/<key>`, Infura `/v3/<key>`, `?apikey=`, `user:pass@`).
// Every URL the engine logs goes through redactUrl first. Pure string surgery, so the rest of the
// URL stays exactly as configured and a malformed URL is still redacted rather than thrown on.

const MASK = '***'

/** Path segments right after these are keys (Alchemy v2, Infura v3). */
const KEY_AFTER_SEGMENT = /^v[23]$/i
/** Query parameters whose values are secrets. */
const SECRET_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|secret|password|x-api-key)$/i
/** A long opaque token with letters and digits (QuickNode, Ankr, Infura project ids without v3). */
const TOKEN_SEGMENT = /^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/

export function redactUrl(url: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url)?.[0] ?? ''
  let rest = url.slice(scheme.length)

  const fragmentAt = rest.indexOf('#')
  const fragment = fragmentAt >= 0 ? rest.slice(fragmentAt) : ''
  if (fragmentAt >= 0) rest = rest.slice(0, fragmentAt)
  const queryAt = rest.indexOf('?')
  const query = queryAt >= 0 ? rest.slice(queryAt + 1) : undefined
  if (queryAt >= 0) rest = rest.slice(0, queryAt)

  let authority = ''
  let path = rest
  if (scheme) {
    const pathAt = rest.indexOf('/')
    authority = pathAt >= 0 ? rest.slice(0, pathAt) : rest
    path = pathAt >= 0 ? rest.slice(pathAt) : ''
    authority = authority.slice(authority.lastIndexOf('@') + 1) // userinfo dropped
  }

  return `${scheme}${authority}${redactPath(path)}${query === undefined ? '' : `?${redactQuery(query)}`}${fragment}`
}

function redactPath(path: string): string {
  const segments = path.split('/')
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    const afterKeyMarker = i > 0 && KEY_AFTER_SEGMENT.test(segments[i - 1]!)
    if (segment !== '' && (afterKeyMarker || TOKEN_SEGMENT.test(segment))) segments[i] = MASK
  }
  return segments.join('/')
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      return SECRET_PARAM.test(safeDecode(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${MASK}` : pair
    })
    .join('&')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
