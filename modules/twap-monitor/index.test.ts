import { readFileSync } from 'node:fs'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import { describe, it, expect } from 'vitest'
import { parse } from 'smol-toml'
import type { Hex } from '../sdk/index.js'
import {
  COMPOSABLE_COW,
  CONDITIONAL_ORDER_CREATED_TOPIC,
  conditionalOrderId,
  encodeGetTradeableOrderWithSignature,
} from '../sdk/index.js'
import {
  MockHost,
  blockEvent,
  encodeConditionalOrderCreated,
  encodeTradeableOrder,
  logEvent,
} from '../sdk/testing/index.js'
import { init, onEvent } from './index.js'
import { PARAMS, SAFE, SEPOLIA, SIGNATURE, TRANCHE } from './test-fixtures.js'
import { buildTrancheOrder } from './tranche-order.js'

const manifest = parse(readFileSync(new URL('./module.toml', import.meta.url), 'utf8')) as {
  module: { name: string }
  capabilities: { required: string[] }
  subscription: Record<string, unknown>[]
  config?: unknown
}

describe('module.toml', () => {
  it('is the Rust engine’s manifest: capabilities, ComposableCoW log subscription and a block subscription on Sepolia', () => {
    expect(manifest.module.name).toBe('twap-monitor')
    expect(manifest.capabilities.required).toEqual(['logging', 'local-store', 'chain', 'cow-api'])
    expect(manifest.subscription).toEqual([
      {
        kind: 'log',
        chain_id: SEPOLIA,
        address: '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74',
        event_signature: '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361',
      },
      { kind: 'block', chain_id: SEPOLIA },
    ])
    expect(String(manifest.subscription[0]?.address).toLowerCase()).toBe(COMPOSABLE_COW.toLowerCase())
    expect(manifest.subscription[0]?.event_signature).toBe(CONDITIONAL_ORDER_CREATED_TOPIC)
    expect(manifest.config).toBeUndefined()
  })
})

describe('twap-monitor module', () => {
  it('init logs the Rust engine’s line and ignores config', async () => {
    const host = new MockHost({ moduleName: 'twap-monitor', orderbookPolicy: shippedPolicy() })
    await init({ anything: 'x' }, host)
    expect(host.logging.lines).toEqual([{ level: 'info', message: 'twap-monitor init' }])
  })

  it('a created log, then a block: indexed, polled Ready, submitted', async () => {
    const host = new MockHost({ moduleName: 'twap-monitor', orderbookPolicy: shippedPolicy() })
    await init({}, host)
    const key = `watch:${SAFE}:${conditionalOrderId(PARAMS)}`
    const uid = buildTrancheOrder(SEPOLIA, SAFE, TRANCHE, SIGNATURE).uid
    host.chain.respondEthCall(
      COMPOSABLE_COW,
      encodeGetTradeableOrderWithSignature({ owner: SAFE, params: PARAMS }),
      encodeTradeableOrder(TRANCHE, SIGNATURE),
    )
    host.cowApi.always({ uid })

    await onEvent(
      logEvent({
        chainId: SEPOLIA,
        address: COMPOSABLE_COW.toLowerCase() as Hex,
        ...encodeConditionalOrderCreated({ owner: SAFE, params: PARAMS }),
      }),
      host,
    )
    await onEvent(blockEvent(SEPOLIA, 7_000_001), host)

    expect(host.logging.messages()).toEqual([
      'twap-monitor init',
      `indexed ${key}`,
      `poll ${key} -> Ready`,
      `submitted submitted:${uid}`,
    ])
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual([`submitted:${uid}`, key])
  })
})
