// Key paths as an operator reads them: `chains.11155111.rpc_url`, `modules[1].subscriptions[0].kind`.

export type PathSegment = string | number

const BARE_KEY = /^[A-Za-z0-9_-]+$/

/** Joins segments after an optional prefix; keys that are not bare TOML keys are quoted. */
export function formatKeyPath(segments: readonly PropertyKey[], prefix = ''): string {
  let out = prefix
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`
      continue
    }
    const key = String(segment)
    const part = BARE_KEY.test(key) ? key : JSON.stringify(key)
    out += out === '' ? part : `.${part}`
  }
  return out
}

/** The value at `segments` inside `root`, or undefined when any step is missing. */
export function valueAtPath(root: unknown, segments: readonly PropertyKey[]): unknown {
  let current: unknown = root
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined
    if (!Object.hasOwn(current, segment)) return undefined
    current = (current as Record<PropertyKey, unknown>)[segment]
  }
  return current
}
