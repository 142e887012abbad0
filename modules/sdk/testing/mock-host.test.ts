import { describe, it, expect } from 'vitest'
import { HostError, isHostError } from '../../../engine/module-api/index.js'
import { shippedPolicy } from '../../../test/support/orderbook-policy.js'
import { classifyOrderbookError } from '../cow/classify-orderbook-error.js'
import { MockHost, MockRandom, blockEvent, logEvent, orderbookRejection } from './mock-host.js'

const encode = (s: string) => new TextEncoder().encode(s)

describe('MockChain', () => {
  it('records calls and returns the programmed response', async () => {
    const host = new MockHost()
    host.chain.respond('eth_blockNumber', '[]', '"0x10"')
    await expect(host.chain.request(11155111, 'eth_blockNumber', '[]')).resolves.toBe('"0x10"')
    expect(host.chain.calls).toEqual([{ chainId: 11155111, method: 'eth_blockNumber', params: '[]' }])
    expect(host.chain.callCount('eth_blockNumber')).toBe(1)
  })

  it('an unprogrammed (method, params) pair is unsupported, naming MockChain, and still recorded', async () => {
    const host = new MockHost()
    host.chain.respond('eth_blockNumber', '[]', '"0x10"')
    const failure = await host.chain.request(1, 'eth_blockNumber', '[1]').catch((e: unknown) => e)
    expect(isHostError(failure)).toBe(true)
    expect(failure).toMatchObject({ kind: 'unsupported', code: 0 })
    expect((failure as HostError).message).toContain('MockChain')
    expect(host.chain.lastCall()).toEqual({ chainId: 1, method: 'eth_blockNumber', params: '[1]' })
  })

  it('programmed failures reject with a HostError; batches answer each entry on its own', async () => {
    const host = new MockHost()
    host.chain.fail('eth_getBalance', '["0x1","latest"]', {
      domain: 'chain',
      kind: 'internal',
      code: -32000,
      message: 'header not found',
    })
    host.chain.respond('eth_chainId', '[]', '"0xaa36a7"')
    const results = await host.chain.requestBatch(1, [
      { method: 'eth_getBalance', params: '["0x1","latest"]' },
      { method: 'eth_chainId', params: '[]' },
    ])
    expect(results[0]).toMatchObject({ ok: false, error: { code: -32000, message: 'header not found' } })
    expect(results[1]).toEqual({ ok: true, value: '"0xaa36a7"' })
    expect(host.chain.callCount()).toBe(2)
  })
})

describe('MockLocalStore', () => {
  it('round-trips set / get / delete', async () => {
    const { localStore } = new MockHost()
    await localStore.set('k', encode('v'))
    expect(await localStore.get('k')).toEqual(encode('v'))
    await localStore.delete('k')
    expect(await localStore.get('k')).toBeUndefined()
    await localStore.delete('k') // idempotent
  })

  it('listKeys is a sorted prefix scan', async () => {
    const { localStore } = new MockHost()
    for (const k of ['watch:b', 'submitted:1', 'watch:a', 'watcher']) await localStore.set(k, encode(''))
    expect(await localStore.listKeys('watch:')).toEqual(['watch:a', 'watch:b'])
    expect(await localStore.listKeys('')).toEqual(['submitted:1', 'watch:a', 'watch:b', 'watcher'])
  })

  it('sorts by UTF-8 byte order, not UTF-16 code units', async () => {
    const { localStore } = new MockHost()
    await localStore.set('\u{1F600}', encode('')) // 4-byte UTF-8, surrogate pair in UTF-16
    await localStore.set('\uFF5E', encode('')) // 3-byte UTF-8, one code unit above the surrogates
    expect(await localStore.listKeys('')).toEqual(['\uFF5E', '\u{1F600}'])
  })

  it('stores copies, so a module mutating its buffer does not change the store', async () => {
    const { localStore } = new MockHost()
    const value = encode('abc')
    await localStore.set('k', value)
    value[0] = 0
    expect(localStore.text('k')).toBe('abc')
  })

  it('snapshot lists every entry sorted; failWith makes calls reject', async () => {
    const { localStore } = new MockHost()
    localStore.put('b', 'two').put('a', 'one')
    expect(localStore.snapshot()).toEqual([
      ['a', encode('one')],
      ['b', encode('two')],
    ])
    localStore.failWith({ domain: 'local-store', kind: 'internal', code: 0, message: 'redb txn: boom' })
    await expect(localStore.get('a')).rejects.toBeInstanceOf(HostError)
    localStore.failWith(undefined)
    expect(await localStore.get('a')).toEqual(encode('one'))
  })
})

describe('MockCowApi', () => {
  it('captures the body and chain id and returns the programmed uid', async () => {
    const host = new MockHost()
    host.cowApi.always({ uid: '0xabc' })
    await expect(host.cowApi.submitOrder(11155111, '{"kind":"sell"}')).resolves.toBe('0xabc')
    expect(host.cowApi.submissions).toEqual([{ chainId: 11155111, body: '{"kind":"sell"}' }])
    expect(host.cowApi.lastBodyAsJson()).toEqual({ kind: 'sell' })
  })

  it('the default answer is unsupported 501', async () => {
    const failure = await new MockHost().cowApi.submitOrder(1, '{}').catch((e: unknown) => e)
    expect(failure).toMatchObject({ kind: 'unsupported', code: 501, message: 'MockCowApi: no response configured' })
  })

  it('answers from the queue first, then the standing answer', async () => {
    const host = new MockHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InsufficientBalance') }, { uid: '0x1' }).always({ uid: '0x2' })
    await expect(host.cowApi.submitOrder(1, '{}')).rejects.toMatchObject({ code: 400 })
    await expect(host.cowApi.submitOrder(1, '{}')).resolves.toBe('0x1')
    await expect(host.cowApi.submitOrder(1, '{}')).resolves.toBe('0x2')
    await expect(host.cowApi.submitOrder(1, '{}')).resolves.toBe('0x2')
  })

  it('accepts a responder function of the body', async () => {
    const host = new MockHost()
    host.cowApi.always((_chain, body) => ({ uid: `uid-of-${body}` }))
    await expect(host.cowApi.submitOrder(1, 'x')).resolves.toBe('uid-of-x')
  })

  it('the passthrough answers what was programmed, else unsupported', async () => {
    const host = new MockHost()
    host.cowApi.respondRequest('get', '/api/v1/version', '{"version":"1"}')
    await expect(host.cowApi.request(1, 'GET', '/api/v1/version')).resolves.toBe('{"version":"1"}')
    await expect(host.cowApi.request(1, 'GET', '/api/v1/other')).rejects.toMatchObject({ code: 501 })
    expect(host.cowApi.requests.map((r) => r.path)).toEqual(['/api/v1/version', '/api/v1/other'])
  })
})

describe('orderbookRejection', () => {
  it('is shaped like the engine cow-api host error, so the classifier reads it', () => {
    const error = orderbookRejection(400, 'DuplicatedOrder', 'order already exists')
    expect(error.toFields()).toEqual({
      domain: 'cow-api',
      kind: 'denied',
      code: 400,
      message: 'orderbook error (DuplicatedOrder): order already exists',
      data: '{"errorType":"DuplicatedOrder","description":"order already exists"}',
    })
    expect(orderbookRejection(503).kind).toBe('unavailable')
    expect(
      classifyOrderbookError(orderbookRejection(429, undefined, '', { retryAfterSeconds: 12 }), shippedPolicy()),
    ).toMatchObject({
      decision: 'backoff',
      seconds: 12,
    })
    expect(orderbookRejection(400, undefined, '', { body: '<html/>' }).data).toBe('<html/>')
  })
})

describe('MockLogging, decisions, clock, random', () => {
  it('buffers lines with contains and countAt', () => {
    const host = new MockHost()
    host.logging.log('warn', 'price-alert: TRIGGERED answer=1')
    host.logging.log('info', 'ok')
    expect(host.logging.contains('TRIGGERED')).toBe(true)
    expect(host.logging.contains('TRIGGERED', 'info')).toBe(false)
    expect(host.logging.countAt('warn')).toBe(1)
    expect(host.logging.messages('info')).toEqual(['ok'])
  })

  it('records decisions', () => {
    const host = new MockHost()
    host.decisions.report({ uid: '0x1', decision: 'drop', status: 403 })
    expect(host.decisions.reported).toEqual([{ uid: '0x1', decision: 'drop', status: 403 }])
  })

  it('the clock moves only when told', () => {
    const host = new MockHost({ nowMs: 1000 })
    expect(host.clock.nowMs()).toBe(1000)
    host.clock.advance(500)
    expect(host.clock.nowMs()).toBe(1500)
    host.clock.set(9_000)
    expect(host.clock.nowMs()).toBe(9_000)
    expect(() => host.clock.set(7)).toThrow(/cannot move the virtual clock back from 9000 to 7/)
  })

  it('randomness is a function of the seed', () => {
    expect(new MockRandom(42).fill(20)).toEqual(new MockRandom(42).fill(20))
    expect(new MockRandom(42).fill(20)).not.toEqual(new MockRandom(43).fill(20))
    expect(new MockHost({ seed: 1 }).random.fill(3)).toHaveLength(3)
  })

  it('names the module', () => {
    expect(new MockHost().moduleName).toBe('mock')
    expect(new MockHost({ moduleName: 'stop-loss' }).moduleName).toBe('stop-loss')
  })
})

describe('event builders', () => {
  it('build a block and a single-log event', () => {
    expect(blockEvent(1, 19_000_000)).toEqual({
      kind: 'block',
      block: { chainId: 1, number: 19_000_000, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_700_000_000_000 },
    })
    const event = logEvent({ chainId: 1, address: '0x01', topics: [] })
    expect(event.kind === 'logs' && event.logs).toEqual([
      { chainId: 1, address: '0x01', topics: [], data: '0x', blockNumber: 0, transactionHash: '0x', logIndex: 0 },
    ])
  })
})
