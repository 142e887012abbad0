import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { parse } from 'smol-toml'
import { ETHFLOW_PRODUCTION, ORDER_PLACEMENT_TOPIC, decodeOrderPlacement } from '../sdk/index.js'
import { MockHost, blockEvent, logEvent } from '../sdk/testing/index.js'
import { init, onEvent } from './index.js'
import { placementUid } from './placement-uid.js'
import { SEPOLIA, orderBody, placementLog } from './test-fixtures.js'

const manifest = parse(readFileSync(new URL('./module.toml', import.meta.url), 'utf8')) as {
  module: { name: string }
  capabilities: { required: string[] }
  subscription: Record<string, unknown>[]
  config?: unknown
}

describe('module.toml', () => {
  it('is the Rust engine’s manifest: one log subscription on the production EthFlow, no blocks', () => {
    expect(manifest.module.name).toBe('ethflow-watcher')
    expect(manifest.capabilities.required).toEqual(['logging', 'local-store', 'chain', 'cow-api'])
    expect(manifest.subscription).toEqual([
      {
        kind: 'log',
        chain_id: SEPOLIA,
        address: ETHFLOW_PRODUCTION,
        event_signature: '0xcf5f9de2984132265203b5c335b25727702ca77262ff622e136baa7362bf1da9',
      },
    ])
    expect(manifest.subscription[0]?.event_signature).toBe(ORDER_PLACEMENT_TOPIC)
  })
})

describe('ethflow-watcher module', () => {
  it('init logs the Rust engine’s line; a placement log is observed; blocks are ignored', async () => {
    const host = new MockHost({ moduleName: 'ethflow-watcher' })
    await init({}, host)
    const log = placementLog()
    const uid = placementUid(SEPOLIA, decodeOrderPlacement(log)!)
    host.cowApi.respondRequest('GET', `/api/v1/orders/${uid}`, orderBody(uid, 'open'))

    await onEvent(logEvent(log), host)
    await onEvent(blockEvent(SEPOLIA, 7_000_001), host)

    expect(host.logging.messages()).toEqual(['ethflow-watcher init', `ethflow observed ${uid} status=open`])
    expect(host.cowApi.requests).toHaveLength(1)
    expect(host.chain.calls).toEqual([])
  })
})
