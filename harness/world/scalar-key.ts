// A memo key for a list of scalar values (decision 0224): each value is written with its type and
// a string with its length, so two lists share a key only when they hold the same values in the
// same places. Anything that is not a scalar (an object, a symbol, a function) has no key: the
// caller computes without its memo.

export function scalarKey(values: readonly unknown[]): string | undefined {
  let key = ''
  for (const v of values) {
    switch (typeof v) {
      case 'string':
        key += `s${v.length}:${v}|`
        break
      case 'bigint':
        key += `b${v}|`
        break
      case 'number':
        // -0 prints as 0 but is another value (a parsed step could keep it).
        key += Object.is(v, -0) ? 'n-0|' : `n${v}|`
        break
      case 'boolean':
        key += v ? 't|' : 'f|'
        break
      case 'undefined':
        key += 'u|'
        break
      default:
        if (v !== null) return undefined
        key += 'z|'
    }
  }
  return key
}
