// The shipped policy files, loaded the way the engine loads them, for tests that hand a module a
// policy without booting an engine (MockHost).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseOrderbookPolicy } from '../../engine/orderbook-policy/load-orderbook-policy.js'
import { SHIPPED_POLICY_DIR } from '../../engine/orderbook-policy/policy-files.js'
import type { OrderbookPolicy } from '../../engine/module-api/orderbook-policy.js'

const cache = new Map<string, OrderbookPolicy>()

/** `default`, `watch-tower` or `shepherd`. */
export function shippedPolicy(name = 'default'): OrderbookPolicy {
  let policy = cache.get(name)
  if (policy === undefined) {
    const file = resolve(SHIPPED_POLICY_DIR, `${name}.toml`)
    policy = parseOrderbookPolicy(readFileSync(file, 'utf8'), file)
    cache.set(name, policy)
  }
  return policy
}
