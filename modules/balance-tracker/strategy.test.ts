import { describe, it, expect } from 'vitest'
import type { Block, Hex } from '../sdk/index.js'
import { decodeU256Le, encodeU256Le } from '../sdk/index.js'
import { MockHost } from '../sdk/testing/index.js'
import type { BalanceTrackerSettings } from './config.js'
import { absDiff, balanceParams, changeLine, onBlock } from './strategy.js'

const SEPOLIA = 11_155_111
const A: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const B: Hex = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const ETH = 10n ** 18n
const settings: BalanceTrackerSettings = { addresses: [A, B], changeThreshold: ETH / 10n }
const block = (number = 1): Block => ({
  chainId: SEPOLIA,
  number,
  hash: `0x${'ab'.repeat(32)}`,
  timestamp: 1_700_000_000_000,
})
const quoted = (wei: bigint) => JSON.stringify(`0x${wei.toString(16)}`)

function hostWithBalances(a: bigint, b: bigint): MockHost {
  const host = new MockHost({ moduleName: 'balance-tracker' })
  host.chain.respond('eth_getBalance', balanceParams(A), quoted(a))
  host.chain.respond('eth_getBalance', balanceParams(B), quoted(b))
  return host
}

const stored = (host: MockHost, address: Hex) => {
  const entry = host.localStore.snapshot().find(([k]) => k === `balance:${address}`)
  return entry === undefined ? undefined : decodeU256Le(entry[1])
}

describe('absDiff', () => {
  it('is symmetric', () => {
    expect(absDiff(100n, 30n)).toBe(70n)
    expect(absDiff(30n, 100n)).toBe(70n)
    expect(absDiff(5n, 5n)).toBe(0n)
  })
})

describe('changeLine', () => {
  it('says nothing on the first observation (defect #47 fixed)', () => {
    expect(changeLine(A, undefined, 5n * ETH, 1n)).toBeUndefined()
  })
  it('reports a move of at least the threshold, with its sign', () => {
    expect(changeLine(A, 100n, 150n, 50n)).toBe(`balance-tracker ${A} changed +50 wei (prior=100, current=150)`)
    expect(changeLine(A, 150n, 100n, 50n)).toBe(`balance-tracker ${A} changed -50 wei (prior=150, current=100)`)
  })
  it('stays quiet under the threshold', () => {
    expect(changeLine(A, 100n, 149n, 50n)).toBeUndefined()
  })
  it('a stored zero is a real prior: a funded address then reports', () => {
    expect(changeLine(A, 0n, ETH, ETH / 10n)).toBe(`balance-tracker ${A} changed +${ETH} wei (prior=0, current=${ETH})`)
  })
  it('threshold 0 reports every block, even without a change', () => {
    expect(changeLine(A, 7n, 7n, 0n)).toBe(`balance-tracker ${A} changed -0 wei (prior=7, current=7)`)
  })
})

describe('onBlock', () => {
  it('asks eth_getBalance with the Rust engine’s params text, in config order', async () => {
    const host = hostWithBalances(1n, 2n)
    await onBlock(host, block(), settings)
    expect(host.chain.calls.map((c) => [c.chainId, c.method, c.params])).toEqual([
      [SEPOLIA, 'eth_getBalance', `["${A}","latest"]`],
      [SEPOLIA, 'eth_getBalance', `["${B}","latest"]`],
    ])
  })

  it('the first block on a fresh store only records (no false alert)', async () => {
    const host = hostWithBalances(ETH, 2n * ETH)
    await onBlock(host, block(), settings)
    expect(host.logging.lines).toEqual([])
    expect(stored(host, A)).toBe(ETH)
    expect(stored(host, B)).toBe(2n * ETH)
  })

  it('a later move of at least the threshold warns; smaller moves only record', async () => {
    const host = hostWithBalances(ETH, 2n * ETH)
    await onBlock(host, block(1), settings)
    host.chain.respond('eth_getBalance', balanceParams(A), quoted(ETH / 2n))
    host.chain.respond('eth_getBalance', balanceParams(B), quoted(2n * ETH + 1n))
    await onBlock(host, block(2), settings)
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `balance-tracker ${A} changed -${ETH / 2n} wei (prior=${ETH}, current=${ETH / 2n})` },
    ])
    expect(stored(host, B)).toBe(2n * ETH + 1n)
  })

  it('compares with the value a previous run stored (32-byte LE)', async () => {
    const host = hostWithBalances(ETH, 0n)
    host.localStore.put(`balance:${A}`, encodeU256Le(0n))
    await onBlock(host, block(), settings)
    expect(host.logging.messages('warn')).toEqual([
      `balance-tracker ${A} changed +${ETH} wei (prior=0, current=${ETH})`,
    ])
  })

  it('a stored value that is not 32 bytes counts as no prior and is overwritten', async () => {
    const host = hostWithBalances(ETH, 0n)
    host.localStore.put(`balance:${A}`, new Uint8Array([1, 2, 3]))
    await onBlock(host, block(), settings)
    expect(host.logging.lines).toEqual([])
    expect(stored(host, A)).toBe(ETH)
  })

  it('an RPC error for one address is a warning; the next address is still read', async () => {
    const host = hostWithBalances(ETH, 2n * ETH)
    host.chain.fail('eth_getBalance', balanceParams(A), {
      domain: 'chain',
      kind: 'internal',
      code: -32000,
      message: 'header not found',
    })
    await expect(onBlock(host, block(), settings)).resolves.toBeUndefined()
    expect(host.chain.callCount('eth_getBalance')).toBe(2)
    expect(host.logging.lines).toEqual([{ level: 'warn', message: `balance-tracker ${A} (-32000): header not found` }])
    expect(stored(host, A)).toBeUndefined()
    expect(stored(host, B)).toBe(2n * ETH)
  })

  it('a result that is not a hex string is a warning with code 0', async () => {
    const host = hostWithBalances(0n, 0n)
    host.chain.respond('eth_getBalance', balanceParams(B), 'null')
    await onBlock(host, block(), settings)
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `balance-tracker ${B} (0): eth_getBalance result not a hex string: null` },
    ])
  })

  it('a store error is a warning per address, not a failed dispatch', async () => {
    const host = hostWithBalances(1n, 2n)
    host.localStore.failWith({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
    await expect(onBlock(host, block(), settings)).resolves.toBeUndefined()
    expect(host.logging.messages('warn')).toEqual([
      `balance-tracker ${A} (0): disk full`,
      `balance-tracker ${B} (0): disk full`,
    ])
  })
})
