import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { parse } from 'smol-toml'
import { HostError } from '../sdk/index.js'
import { MockHost, blockEvent } from '../sdk/testing/index.js'
import { init, onEvent } from './index.js'
import { balanceParams } from './strategy.js'

const SEPOLIA = 11_155_111
const manifest = parse(readFileSync(new URL('./module.toml', import.meta.url), 'utf8')) as {
  module: { name: string }
  capabilities: { required: string[] }
  subscription: { kind: string; chain_id: number }[]
  config: Record<string, string>
}

describe('module.toml', () => {
  it('is the Rust engine’s manifest', () => {
    expect(manifest.module.name).toBe('balance-tracker')
    expect(manifest.capabilities.required).toEqual(['logging', 'chain', 'local-store'])
    expect(manifest.subscription).toEqual([{ kind: 'block', chain_id: SEPOLIA }])
    expect(manifest.config).toEqual({
      addresses: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      change_threshold: '100000000000000000',
    })
  })
})

describe('balance-tracker module', () => {
  it('init logs the Rust engine’s line; blocks read every address', async () => {
    const host = new MockHost({ moduleName: 'balance-tracker' })
    host.chain.respond('eth_getBalance', balanceParams('0x70997970c51812dc3a010c7d01b50e0d17dc79c8'), '"0x1"')
    host.chain.respond('eth_getBalance', balanceParams('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'), '"0x2"')
    await init(manifest.config, host)
    await onEvent(blockEvent(SEPOLIA, 1), host)
    expect(host.logging.lines).toEqual([
      { level: 'info', message: 'balance-tracker init: 2 addresses, threshold=100000000000000000 wei' },
    ])
    expect(host.localStore.size).toBe(2)
  })

  it('a config error rejects with invalid-input, and events are then no-ops', async () => {
    const host = new MockHost({ moduleName: 'balance-tracker' })
    const error = await init({ addresses: ' , ', change_threshold: '1' }, host).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).kind).toBe('invalid-input')
    expect((error as HostError).domain).toBe('balance-tracker')
    expect((error as HostError).message).toBe('balance-tracker: invalid [config]: expected at least one address')
    await onEvent(blockEvent(SEPOLIA, 1), host)
    expect(host.chain.callCount()).toBe(0)
  })
})
