// The simulation's local store: the same contract as the SQLite store (namespaces, byte order,
// copies in and out), held in memory. close() keeps the data so a simulated restart can reopen
// the same store and find what the module wrote before it.
import type { KeyValueStore } from './key-value-store.js'
import { assertNamespace } from './store-error.js'
import { compareUtf8 } from './utf8-order.js'

interface Namespace {
  values: Map<string, Uint8Array>
  /** Keys in UTF-8 byte order; rebuilt lazily after a key is added or removed. */
  sorted: string[] | undefined
}

export class MemoryStore implements KeyValueStore {
  readonly #namespaces = new Map<string, Namespace>()

  get(namespace: string, key: string): Uint8Array | undefined {
    assertNamespace(namespace)
    const value = this.#namespaces.get(namespace)?.values.get(key)
    return value === undefined ? undefined : value.slice()
  }

  set(namespace: string, key: string, value: Uint8Array): void {
    assertNamespace(namespace)
    const ns = this.#namespace(namespace)
    if (!ns.values.has(key)) ns.sorted = undefined
    ns.values.set(key, value.slice())
  }

  delete(namespace: string, key: string): void {
    assertNamespace(namespace)
    const ns = this.#namespaces.get(namespace)
    if (ns?.values.delete(key)) ns.sorted = undefined
  }

  listKeys(namespace: string, prefix: string): string[] {
    assertNamespace(namespace)
    const ns = this.#namespaces.get(namespace)
    if (!ns) return []
    const keys = sortedKeys(ns)
    const out: string[] = []
    for (let i = lowerBound(keys, prefix); i < keys.length; i++) {
      const key = keys[i]!
      if (!key.startsWith(prefix)) break
      out.push(key)
    }
    return out
  }

  /** Nothing to release; the data stays for the next run on this store. */
  close(): void {}

  /** Every entry of `namespace`, in key byte order, values copied: for tests and expectations. */
  snapshot(namespace: string): [string, Uint8Array][] {
    const ns = this.#namespaces.get(namespace)
    if (!ns) return []
    return sortedKeys(ns).map((key) => [key, ns.values.get(key)!.slice()])
  }

  #namespace(name: string): Namespace {
    let ns = this.#namespaces.get(name)
    if (!ns) {
      ns = { values: new Map(), sorted: undefined }
      this.#namespaces.set(name, ns)
    }
    return ns
  }
}

function sortedKeys(ns: Namespace): string[] {
  ns.sorted ??= [...ns.values.keys()].sort(compareUtf8)
  return ns.sorted
}

/** First index whose key is >= `prefix` in byte order. Keys with the prefix follow contiguously. */
function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareUtf8(keys[mid]!, prefix) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
