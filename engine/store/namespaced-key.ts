// The Rust engine's physical key layout (host/local_store_redb.rs): keccak256(utf8(namespace)) ++
// utf8(key). Hashing the namespace gives every module a fixed-width prefix, so `price` + `-alert:x`
// can never meet `price-alert` + `:x`, and one module's keys form one contiguous byte range.
import { keccak256, stringToBytes } from 'viem'

export const NAMESPACE_PREFIX_BYTES = 32

const prefixCache = new Map<string, Uint8Array>()

/** keccak256(utf8(namespace)), memoised: there are only as many namespaces as modules. */
export function namespacePrefix(namespace: string): Uint8Array {
  let prefix = prefixCache.get(namespace)
  if (!prefix) {
    prefix = keccak256(stringToBytes(namespace), 'bytes')
    prefixCache.set(namespace, prefix)
  }
  return prefix
}

export function physicalKey(namespace: string, key: string): Uint8Array {
  return concat(namespacePrefix(namespace), encoder.encode(key))
}

/**
 * The half-open byte range [start, end) holding every key of `namespace` that starts with
 * `prefix`. `end` is undefined when no finite bound exists (a run of 0xff bytes).
 */
export function keyRange(namespace: string, prefix: string): { start: Uint8Array; end: Uint8Array | undefined } {
  const start = physicalKey(namespace, prefix)
  return { start, end: successor(start) }
}

/** The smallest byte string greater than every string starting with `bytes`. */
export function successor(bytes: Uint8Array): Uint8Array | undefined {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const out = bytes.slice(0, i + 1)
      out[i] = bytes[i]! + 1
      return out
    }
  }
  return undefined
}

const encoder = new TextEncoder()

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}
