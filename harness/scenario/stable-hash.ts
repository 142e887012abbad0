// The default seed of a scenario is a stable hash of its name, so renaming a scenario changes its
// seed and nothing else does. FNV-1a 32-bit over the UTF-8 bytes: tiny, well known, and the same
// on every machine (no dependence on string encoding in memory or on the platform).

const FNV_OFFSET_BASIS = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** FNV-1a, 32-bit, over the UTF-8 encoding of `text`; an unsigned integer in [0, 2^32). */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, FNV_PRIME)
  }
  return hash >>> 0
}

/** The seed of a scenario that does not give one. */
export function seedFromName(name: string): number {
  return fnv1a32(name)
}
