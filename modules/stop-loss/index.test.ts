import { readFileSync } from 'node:fs'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import { describe, it, expect } from 'vitest'
import { parse } from 'smol-toml'
import type { Hex } from '../sdk/index.js'
import { HostError } from '../sdk/index.js'
import { MockHost, blockEvent, logEvent, orderbookRejection } from '../sdk/testing/index.js'
import { init, onEvent } from './index.js'

const SEPOLIA = 11_155_111
const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const word = (v: bigint): string => BigInt.asUintN(256, v).toString(16).padStart(64, '0')
/** Updated at the test blocks' own time (blockEvent: 1,700,000,000 s): a fresh answer. */
const roundData = (answer: bigint): Hex =>
  `0x${word(1n)}${word(answer)}${word(1_700_000_000n)}${word(1_700_000_000n)}${word(1n)}`

const manifest = parse(readFileSync(new URL('./module.toml', import.meta.url), 'utf8')) as {
  module: { name: string }
  capabilities: { required: string[] }
  subscription: { kind: string; chain_id: number }[]
  config: Record<string, string>
}

describe('module.toml', () => {
  it('is the Rust engine’s manifest', () => {
    expect(manifest.module.name).toBe('stop-loss')
    expect(manifest.capabilities.required).toEqual(['logging', 'chain', 'local-store', 'cow-api'])
    expect(manifest.subscription).toEqual([{ kind: 'block', chain_id: SEPOLIA }])
    expect(manifest.config).toEqual({
      oracle_address: '0x694AA1769357215DE4FAC081bf1f309aDC325306',
      decimals: '8',
      trigger_price: '2500.00',
      owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      sell_token: '0x6810e776880C02933D47DB1b9fc05908e5386b96',
      buy_token: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      sell_amount_wei: '1000000000000000000',
      buy_amount_wei: '300000000000000000',
      valid_to_seconds: '4294967295',
    })
  })
})

describe('stop-loss module', () => {
  it('with the manifest defaults on Sepolia: init line, then the runbook retry line', async () => {
    const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
    host.chain.respondEthCall(FEED, '0xfeaf968c', roundData(174_553_978_080n))
    host.cowApi.always({
      error: orderbookRejection(400, 'TransferSimulationFailed', 'sell token cannot be transferred'),
    })
    await init(manifest.config, host)
    await onEvent(blockEvent(SEPOLIA, 7_000_000), host)
    expect(host.logging.lines).toEqual([
      {
        level: 'info',
        message:
          'stop-loss init: owner=0x70997970c51812dc3a010c7d01b50e0d17dc79c8 trigger=250000000000 sell=0x6810e776880c02933d47db1b9fc05908e5386b96 buy=0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
      },
      {
        level: 'warn',
        message:
          'stop-loss retry on next block (400): orderbook error (TransferSimulationFailed): sell token cannot be transferred',
      },
    ])
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['try-next-block'])
  })

  it('a config error rejects with invalid-input; events are then no-ops', async () => {
    const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
    const { owner: _owner, ...withoutOwner } = manifest.config
    const error = await init(withoutOwner, host).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).toFields()).toMatchObject({
      domain: 'stop-loss',
      kind: 'invalid-input',
      code: 0,
      message: 'stop-loss: invalid [config]: missing key "owner"',
    })
    await onEvent(blockEvent(SEPOLIA, 1), host)
    expect(host.chain.callCount()).toBe(0)
    expect(host.cowApi.submissions).toEqual([])
  })

  it('ignores log events', async () => {
    const host = new MockHost({ moduleName: 'stop-loss-logs', orderbookPolicy: shippedPolicy() })
    await init(manifest.config, host)
    await onEvent(logEvent({ chainId: SEPOLIA, address: FEED, topics: [] }), host)
    expect(host.chain.callCount()).toBe(0)
  })
})
