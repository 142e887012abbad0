// A small memo for a pure computation: its results by their exact input, the map emptied when it
// holds `max` entries (cheaper than tracking the oldest; the inputs in use come straight back).
// The one shape of the harness's per-thread memos (decisions 0224, 0231).

/** `memo`'s value for `key`; on a miss, `compute(key)`, kept. Values are never undefined. */
export function remembered<K, V>(memo: Map<K, V>, max: number, key: K, compute: (key: K) => V): V {
  let value = memo.get(key)
  if (value === undefined) {
    value = compute(key)
    if (memo.size >= max) memo.clear()
    memo.set(key, value)
  }
  return value
}
