import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { parse } from 'smol-toml'
import type { Hex } from '../sdk/index.js'
import { HostError } from '../sdk/index.js'
import { MockHost, blockEvent, logEvent } from '../sdk/testing/index.js'
import { init, onEvent } from './index.js'

const SEPOLIA = 11_155_111
const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const word = (v: bigint): string => BigInt.asUintN(256, v).toString(16).padStart(64, '0')
/** Updated at the test blocks' own time (blockEvent: 1,700,000,000 s): a fresh answer. */
const roundData = (answer: bigint): Hex =>
  `0x${word(1n)}${word(answer)}${word(1_700_000_000n)}${word(1_700_000_000n)}${word(1n)}`

/** The module's own manifest `[config]`, as the engine would flatten it (all strings). */
const manifest = parse(readFileSync(new URL('./module.toml', import.meta.url), 'utf8')) as {
  module: { name: string }
  capabilities: { required: string[] }
  subscription: { kind: string; chain_id: number }[]
  config: Record<string, string>
}

describe('module.toml', () => {
  it('is the Rust engine’s manifest: name, capabilities, one Sepolia block subscription, string defaults', () => {
    expect(manifest.module.name).toBe('price-alert')
    expect(manifest.capabilities.required).toEqual(['logging', 'chain'])
    expect(manifest.subscription).toEqual([{ kind: 'block', chain_id: SEPOLIA }])
    expect(manifest.config).toEqual({
      oracle_address: '0x694AA1769357215DE4FAC081bf1f309aDC325306',
      decimals: '8',
      threshold: '2500.00',
      direction: 'below',
      every_n_blocks: '1',
    })
  })
})

describe('price-alert module', () => {
  it('init logs the Rust engine’s init line; a block then triggers with the runbook answer', async () => {
    const host = new MockHost({ moduleName: 'price-alert' })
    host.chain.respondEthCall(FEED, '0xfeaf968c', roundData(174_553_978_080n))
    await init(manifest.config, host)
    await onEvent(blockEvent(SEPOLIA, 7_000_000), host)
    expect(host.logging.lines).toEqual([
      {
        level: 'info',
        message:
          'price-alert init: oracle=0x694aa1769357215de4fac081bf1f309adc325306 threshold=250000000000 direction=Below every_n_blocks=1',
      },
      { level: 'warn', message: 'price-alert: TRIGGERED answer=174553978080 threshold=250000000000 (Below)' },
    ])
  })

  it('a config error rejects with an invalid-input HostError, and events are then ignored', async () => {
    const host = new MockHost({ moduleName: 'price-alert' })
    const error = await init({ ...manifest.config, threshold: 'not-a-number' }, host).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).toFields()).toEqual({
      domain: 'price-alert',
      kind: 'invalid-input',
      code: 0,
      message: 'price-alert: invalid [config]: threshold: non-digit character in "not-a-number"',
      data: undefined,
    })
    await expect(onEvent(blockEvent(SEPOLIA, 1), host)).resolves.toBeUndefined()
    expect(host.chain.callCount()).toBe(0)
    expect(host.logging.lines).toEqual([])
  })

  it('a failed re-init forgets the earlier settings', async () => {
    const host = new MockHost({ moduleName: 'price-alert-reinit' })
    await init(manifest.config, host)
    await init({ ...manifest.config, direction: 'x' }, host).catch(() => undefined)
    await onEvent(blockEvent(SEPOLIA, 1), host)
    expect(host.chain.callCount()).toBe(0)
  })

  it('keeps settings per module name: two instances do not share them', async () => {
    const a = new MockHost({ moduleName: 'alert-a' })
    const b = new MockHost({ moduleName: 'alert-b' })
    a.chain.respondEthCall(FEED, '0xfeaf968c', roundData(5n))
    b.chain.respondEthCall(FEED, '0xfeaf968c', roundData(5n))
    await init({ ...manifest.config, threshold: '0.00000001', direction: 'above', every_n_blocks: '2' }, a)
    await init({ ...manifest.config, threshold: '0.00000010', direction: 'above' }, b)
    await onEvent(blockEvent(SEPOLIA, 3), a) // throttled for a
    await onEvent(blockEvent(SEPOLIA, 3), b)
    expect(a.chain.callCount()).toBe(0)
    expect(b.logging.messages().at(-1)).toBe('price-alert: ok answer=5 threshold=10 (Above)')
  })

  it('ignores log events', async () => {
    const host = new MockHost({ moduleName: 'price-alert-logs' })
    await init(manifest.config, host)
    await onEvent(logEvent({ chainId: SEPOLIA, address: FEED, topics: [] }), host)
    expect(host.chain.callCount()).toBe(0)
  })
})
