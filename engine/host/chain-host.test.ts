import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../config/types.js'
import { HostError } from '../module-api/host-error.js'
import { RpcError, type RpcTransport, type RpcTransports } from '../transport/rpc-transport.js'
import { createChainHost } from './chain-host.js'
import type { VirtualClock } from '../clock/virtual-clock.js'
import { armedTimers, deferred, rejectionOf, testClock } from './host-test-doubles.js'

interface Call {
  method: string
  params: unknown[]
  signal: AbortSignal | undefined
}

/** A node on chain 11155111 that answers with `answer(method, params)`. */
function fakeNode(answer: (method: string, params: unknown[]) => Promise<unknown>): {
  rpc: RpcTransports
  calls: Call[]
} {
  const calls: Call[] = []
  const transport: RpcTransport = {
    request(method, params, options) {
      calls.push({ method, params, signal: options?.signal })
      return answer(method, params)
    },
  }
  return { rpc: { forChain: (id) => (id === 11155111 ? transport : undefined) }, calls }
}

function hostOver(answer: (method: string, params: unknown[]) => Promise<unknown>, clock: VirtualClock = testClock()) {
  const node = fakeNode(answer)
  const host = createChainHost({ rpc: node.rpc, clock, limits: { rpcTimeoutMs: 5_000 } })
  return { host, calls: node.calls, clock }
}

async function hostErrorOf(promise: Promise<unknown>): Promise<HostError> {
  const error = await rejectionOf(promise)
  expect(error).toBeInstanceOf(HostError)
  return error as HostError
}

describe('chain host: request', () => {
  it('forwards method and params and returns the JSON text of the result', async () => {
    const { host, calls } = hostOver(async () => '0x1234')
    await expect(host.request(11155111, 'eth_getBalance', '["0xabc","latest"]')).resolves.toBe('"0x1234"')
    expect(calls).toEqual([{ method: 'eth_getBalance', params: ['0xabc', 'latest'], signal: expect.any(AbortSignal) }])
  })

  it('returns objects and null as JSON text', async () => {
    const { host } = hostOver(async (method) => (method === 'eth_getBlockByNumber' ? { number: '0x1' } : undefined))
    await expect(host.request(11155111, 'eth_getBlockByNumber', '["latest",false]')).resolves.toBe('{"number":"0x1"}')
    await expect(host.request(11155111, 'eth_getTransactionReceipt', '["0x1"]')).resolves.toBe('null')
  })

  it('refuses a chain with no RPC entry', async () => {
    const { host, calls } = hostOver(async () => '0x1')
    const error = await hostErrorOf(host.request(1, 'eth_blockNumber', '[]'))
    expect(error.toFields()).toEqual({
      domain: 'chain',
      kind: 'unsupported',
      code: 0,
      message: 'chain 1 has no engine.toml RPC entry',
      data: undefined,
    })
    expect(calls).toEqual([])
  })

  it('refuses params that are not JSON, or not an array, with -32602', async () => {
    const { host, calls } = hostOver(async () => '0x1')
    const notJson = await hostErrorOf(host.request(11155111, 'eth_call', '[{"to":'))
    expect(notJson).toMatchObject({ domain: 'chain', kind: 'invalid-input', code: -32602 })
    expect(notJson.message).toMatch(/^invalid params JSON: /)
    const notArray = await hostErrorOf(host.request(11155111, 'eth_call', '{"to":"0x1"}'))
    expect(notArray).toMatchObject({
      domain: 'chain',
      kind: 'invalid-input',
      code: -32602,
      message: 'params must be a JSON array',
    })
    expect(calls).toEqual([])
  })

  it("keeps a node error's code, message and string data (revert data reaches the module)", async () => {
    const revert = `0x08c379a0${'00'.repeat(32)}`
    const { host } = hostOver(async () => {
      throw new RpcError(3, 'execution reverted', revert)
    })
    const error = await hostErrorOf(host.request(11155111, 'eth_call', '[{"to":"0x1"},"latest"]'))
    expect(error.toFields()).toEqual({
      domain: 'chain',
      kind: 'internal',
      code: 3,
      message: 'execution reverted',
      data: revert,
    })
  })

  it('gives non-string node data as JSON text, and no data when the node sent none', async () => {
    let data: unknown = { reason: 'x', at: [1, 2] }
    const { host } = hostOver(async () => {
      throw new RpcError(-32000, 'header not found', data)
    })
    expect((await hostErrorOf(host.request(11155111, 'eth_call', '[]'))).data).toBe('{"reason":"x","at":[1,2]}')
    data = undefined
    const bare = await hostErrorOf(host.request(11155111, 'eth_call', '[]'))
    expect(bare).toMatchObject({ kind: 'internal', code: -32000, data: undefined })
  })

  it('falls back to -32603 when the node error has no usable code', async () => {
    const { host } = hostOver(async () => {
      throw new RpcError(Number.NaN, 'odd node')
    })
    expect(await hostErrorOf(host.request(11155111, 'eth_call', '[]'))).toMatchObject({
      kind: 'internal',
      code: -32603,
      message: 'odd node',
    })
  })

  it('maps any other transport failure to unavailable, code 0', async () => {
    const { host } = hostOver(async () => {
      throw new TypeError('socket hang up')
    })
    const error = await hostErrorOf(host.request(11155111, 'eth_blockNumber', '[]'))
    expect(error.toFields()).toEqual({
      domain: 'chain',
      kind: 'unavailable',
      code: 0,
      message: 'socket hang up',
      data: undefined,
    })
  })

  it('times out after limits.rpcTimeoutMs of clock time and aborts the request', async () => {
    const clock = testClock(1_000_000)
    const { host, calls } = hostOver(() => new Promise(() => {}), clock)
    const answer = hostErrorOf(host.request(11155111, 'eth_call', '[]'))
    expect(await armedTimers(clock)).toEqual([{ at: 1_005_000, label: 'rpc eth_call' }])
    clock.advanceBy(4_999)
    expect(calls[0]!.signal!.aborted).toBe(false)
    clock.advanceBy(1)
    const error = await answer
    expect(error).toMatchObject({
      domain: 'chain',
      kind: 'timeout',
      code: 0,
      message: 'rpc eth_call exceeded its 5s deadline',
    })
    expect(calls[0]!.signal!.aborted).toBe(true)
    expect(clock.pendingTimers()).toEqual([])
  })

  it('uses the default 30 s RPC deadline from the limits it is given', async () => {
    const clock = testClock(1_000_000)
    const node = fakeNode(() => new Promise(() => {}))
    const host = createChainHost({ rpc: node.rpc, clock, limits: DEFAULT_LIMITS })
    const answer = rejectionOf(host.request(11155111, 'eth_call', '[]'))
    expect(await armedTimers(clock)).toEqual([{ at: 1_030_000, label: 'rpc eth_call' }])
    clock.fireNext()
    await answer
  })
})

describe('chain host: requestBatch', () => {
  it('runs entries one after another, each succeeding or failing on its own', async () => {
    const order: string[] = []
    const first = deferred<unknown>()
    const { host } = hostOver(async (method) => {
      order.push(`start ${method}`)
      if (method === 'eth_chainId') return first.promise
      if (method === 'eth_call') throw new RpcError(3, 'execution reverted', '0xdead')
      return '0x10'
    })
    const batch = host.requestBatch(11155111, [
      { method: 'eth_chainId', params: '[]' },
      { method: 'eth_call', params: '[]' },
      { method: 'eth_blockNumber', params: 'nope' },
      { method: 'eth_blockNumber', params: '[]' },
    ])
    await Promise.resolve()
    expect(order).toEqual(['start eth_chainId']) // the second waits for the first
    first.resolve('0xaa36a7')
    const results = await batch
    expect(order).toEqual(['start eth_chainId', 'start eth_call', 'start eth_blockNumber'])
    expect(results.map((r) => (r.ok ? r.value : r.error.toFields()))).toEqual([
      '"0xaa36a7"',
      { domain: 'chain', kind: 'internal', code: 3, message: 'execution reverted', data: '0xdead' },
      expect.objectContaining({ domain: 'chain', kind: 'invalid-input', code: -32602 }),
      '"0x10"',
    ])
  })

  it('answers every entry with the unsupported error on an unconfigured chain, and still resolves', async () => {
    const { host } = hostOver(async () => '0x1')
    const results = await host.requestBatch(5, [{ method: 'eth_blockNumber', params: '[]' }])
    expect(results).toEqual([
      {
        ok: false,
        error: expect.objectContaining({ kind: 'unsupported', message: 'chain 5 has no engine.toml RPC entry' }),
      },
    ])
  })

  it('stops between entries once the module is revoked', async () => {
    let revoked = false
    const node = fakeNode(async () => {
      revoked = true
      return '0x1'
    })
    const host = createChainHost({
      rpc: node.rpc,
      clock: testClock(),
      limits: DEFAULT_LIMITS,
      isRevoked: () => revoked,
    })
    const error = await hostErrorOf(
      host.requestBatch(11155111, [
        { method: 'eth_blockNumber', params: '[]' },
        { method: 'eth_sendRawTransaction', params: '["0x02"]' },
      ]),
    )
    expect(error).toMatchObject({ domain: 'engine', kind: 'unavailable', message: 'module is dead' })
    expect(node.calls.map((c) => c.method)).toEqual(['eth_blockNumber'])
  })
})
