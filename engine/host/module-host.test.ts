import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, type ModuleManifest } from '../config/types.js'
import { HostError } from '../module-api/host-error.js'
import { seededRandom } from '../random/random-seeded.js'
import { MemoryStore } from '../store/memory-store.js'
import { RpcError, type RpcTransports } from '../transport/rpc-transport.js'
import type { FetchFn } from '../world.js'
import { deferred, recordingTelemetry, rejectionOf, testClock, thrownBy } from './host-test-doubles.js'
import { createModuleHost } from './module-host.js'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'

const UID = `0x${'cd'.repeat(56)}` as const
const MANIFEST = '/modules/stop-loss/module.toml'

function setup(capabilities: ModuleManifest['capabilities'] = null, answer?: (method: string) => Promise<unknown>) {
  const telemetry = recordingTelemetry()
  const store = new MemoryStore()
  const rpcCalls: string[] = []
  const rpc: RpcTransports = {
    forChain: (id) =>
      id === 11155111
        ? {
            request: (method) => {
              rpcCalls.push(method)
              if (answer) return answer(method)
              if (method === 'eth_call') return Promise.reject(new RpcError(3, 'execution reverted', '0x1234'))
              return Promise.resolve('0x10')
            },
          }
        : undefined,
  }
  const posted: string[] = []
  const fetch: FetchFn = async (url) => {
    posted.push(url)
    return new Response('{"errorType":"InsufficientBalance","description":"no funds"}', { status: 400 })
  }
  const handle = createModuleHost({
    moduleName: 'stop-loss',
    capabilities,
    manifestFile: MANIFEST,
    chains: [{ chainId: 11155111, orderbookUrl: 'https://barn.example' }],
    limits: DEFAULT_LIMITS,
    orderbookPolicy: shippedPolicy(),
    world: { clock: testClock(42_000), random: seededRandom(1), rpc, fetch, store, telemetry },
  })
  return { ...handle, telemetry, store, rpcCalls, posted }
}

const hostCalls = (events: readonly { type: string }[]) => events.filter((e) => e.type === 'host-call')

describe('createModuleHost: tracing', () => {
  it('names the module', () => {
    expect(setup().host.moduleName).toBe('stop-loss')
  })

  it('emits one host-call event per chain call, with the answer or the error', async () => {
    const { host, telemetry } = setup()
    await host.chain.request(11155111, 'eth_blockNumber', '[]')
    await rejectionOf(host.chain.request(11155111, 'eth_call', '[{"to":"0x1"},"latest"]'))
    expect(telemetry.events).toEqual([
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'chain',
        method: 'request',
        args: [11155111, 'eth_blockNumber', '[]'],
        ok: true,
        result: '"0x10"',
      },
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'chain',
        method: 'request',
        args: [11155111, 'eth_call', '[{"to":"0x1"},"latest"]'],
        ok: false,
        error: { domain: 'chain', kind: 'internal', code: 3, message: 'execution reverted', data: '0x1234' },
      },
    ])
  })

  it('traces a batch as one call, with JSON-able entries', async () => {
    const { host, telemetry } = setup()
    const requests = [
      { method: 'eth_blockNumber', params: '[]' },
      { method: 'eth_call', params: '[]' },
    ]
    await host.chain.requestBatch(11155111, requests)
    requests[0]!.method = 'changed'
    expect(telemetry.events).toEqual([
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'chain',
        method: 'requestBatch',
        args: [
          11155111,
          [
            { method: 'eth_blockNumber', params: '[]' },
            { method: 'eth_call', params: '[]' },
          ],
        ],
        ok: true,
        result: [
          { ok: true, value: '"0x10"' },
          {
            ok: false,
            error: { domain: 'chain', kind: 'internal', code: 3, message: 'execution reverted', data: '0x1234' },
          },
        ],
      },
    ])
  })

  it('traces local-store bytes as 0x hex, and a missing value as null', async () => {
    const { host, telemetry } = setup()
    await host.localStore.set('backoff:0x01', new Uint8Array([0x31, 0x32]))
    await host.localStore.get('backoff:0x01')
    await host.localStore.get('absent')
    await host.localStore.listKeys('backoff:')
    await host.localStore.delete('backoff:0x01')
    expect(hostCalls(telemetry.events)).toEqual([
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'local-store',
        method: 'set',
        args: ['backoff:0x01', '0x3132'],
        ok: true,
      },
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'local-store',
        method: 'get',
        args: ['backoff:0x01'],
        ok: true,
        result: '0x3132',
      },
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'local-store',
        method: 'get',
        args: ['absent'],
        ok: true,
        result: null,
      },
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'local-store',
        method: 'listKeys',
        args: ['backoff:'],
        ok: true,
        result: ['backoff:0x01'],
      },
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'local-store',
        method: 'delete',
        args: ['backoff:0x01'],
        ok: true,
      },
    ])
  })

  it('traces the bytes as they were when the call was made', async () => {
    const { host, telemetry } = setup()
    const value = new Uint8Array([1, 2])
    const call = host.localStore.set('k', value)
    value[0] = 9
    await call
    expect(hostCalls(telemetry.events)[0]).toMatchObject({ method: 'set', args: ['k', '0x0102'] })
  })

  it('traces an orderbook rejection with its status and body', async () => {
    const { host, telemetry } = setup()
    const error = await rejectionOf(host.cowApi.submitOrder(11155111, '{}'))
    expect(error).toMatchObject({ domain: 'cow-api', kind: 'denied', code: 400 })
    expect(hostCalls(telemetry.events)).toEqual([
      {
        type: 'host-call',
        module: 'stop-loss',
        host: 'cow-api',
        method: 'submitOrder',
        args: [11155111, '{}'],
        ok: false,
        error: {
          domain: 'cow-api',
          kind: 'denied',
          code: 400,
          message: 'orderbook error (InsufficientBalance): no funds',
          data: '{"errorType":"InsufficientBalance","description":"no funds"}',
        },
      },
    ])
  })

  it('logs a module line as a log event, and traces nothing for clock and random', () => {
    const { host, telemetry } = setup()
    host.logging.log('info', 'hello')
    expect(host.clock.nowMs()).toBe(42_000)
    expect(host.random.fill(4)).toEqual(seededRandom(1).fill(4))
    expect(telemetry.events).toEqual([
      { type: 'log', level: 'info', target: 'module', module: 'stop-loss', message: 'hello' },
    ])
  })

  it('reports a decision as a decision event, an engine debug line, then the host-call', () => {
    const { host, telemetry } = setup()
    host.decisions.report({ uid: UID, decision: 'drop', status: 400, errorType: 'InvalidSignature' })
    expect(telemetry.events.map((e) => e.type)).toEqual(['decision', 'log', 'host-call'])
    expect(telemetry.events[2]).toEqual({
      type: 'host-call',
      module: 'stop-loss',
      host: 'decisions',
      method: 'report',
      args: [{ uid: UID, decision: 'drop', status: 400, errorType: 'InvalidSignature' }],
      ok: true,
    })
  })

  it('gives the module a host error, not a raw exception, when a seam itself throws', async () => {
    const telemetry = recordingTelemetry()
    const { host } = createModuleHost({
      moduleName: 'm',
      capabilities: null,
      manifestFile: MANIFEST,
      chains: [],
      limits: DEFAULT_LIMITS,
      orderbookPolicy: shippedPolicy(),
      world: {
        clock: testClock(),
        random: seededRandom(1),
        rpc: {
          forChain: () => {
            throw new Error('provider pool bug')
          },
        },
        fetch: async () => new Response(''),
        store: new MemoryStore(),
        telemetry,
      },
    })
    const error = await rejectionOf(host.chain.request(1, 'eth_blockNumber', '[]'))
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).toFields()).toEqual({
      domain: 'chain',
      kind: 'internal',
      code: 0,
      message: 'provider pool bug',
      data: undefined,
    })
    expect(hostCalls(telemetry.events)).toEqual([expect.objectContaining({ host: 'chain', ok: false })])
  })
})

describe('createModuleHost: capabilities', () => {
  const declared = { required: ['chain' as const], optional: ['local-store' as const], httpAllow: [] }
  const refusal = (cap: string) =>
    `capability \`${cap}\` is not listed in [capabilities].required or [capabilities].optional of ${MANIFEST}`

  it('refuses an undeclared cow-api call without reaching the orderbook, and traces the refusal', async () => {
    const { host, telemetry, posted } = setup(declared)
    const error = await rejectionOf(host.cowApi.submitOrder(11155111, '{}'))
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).toFields()).toEqual({
      domain: 'cow-api',
      kind: 'denied',
      code: 0,
      message: refusal('cow-api'),
      data: undefined,
    })
    await expect(host.cowApi.request(11155111, 'GET', '/api/v1/version')).rejects.toMatchObject({
      domain: 'cow-api',
      kind: 'denied',
    })
    expect(posted).toEqual([])
    expect(hostCalls(telemetry.events)[0]).toMatchObject({
      host: 'cow-api',
      method: 'submitOrder',
      ok: false,
      error: { kind: 'denied', message: refusal('cow-api') },
    })
  })

  it('refuses undeclared clock and random by throwing', () => {
    const { host } = setup(declared)
    expect(thrownBy(() => host.clock.nowMs())).toMatchObject({
      name: 'HostError',
      domain: 'clock',
      kind: 'denied',
      code: 0,
      message: refusal('clock'),
    })
    expect(thrownBy(() => host.random.fill(1))).toMatchObject({
      name: 'HostError',
      domain: 'random',
      kind: 'denied',
      message: refusal('random'),
    })
  })

  it('refuses undeclared chain and local-store', async () => {
    const { host, store, rpcCalls } = setup({ required: ['cow-api'], optional: [], httpAllow: [] })
    await expect(host.chain.request(11155111, 'eth_blockNumber', '[]')).rejects.toMatchObject({
      domain: 'chain',
      kind: 'denied',
      message: refusal('chain'),
    })
    await expect(host.chain.requestBatch(11155111, [])).rejects.toMatchObject({ domain: 'chain', kind: 'denied' })
    await expect(host.localStore.set('k', new Uint8Array([1]))).rejects.toMatchObject({
      domain: 'local-store',
      kind: 'denied',
      message: refusal('local-store'),
    })
    expect(rpcCalls).toEqual([])
    expect(store.snapshot('stop-loss')).toEqual([])
  })

  it('allows what is declared, required or optional, and always logging and decisions', async () => {
    const { host, telemetry } = setup(declared)
    await expect(host.chain.request(11155111, 'eth_blockNumber', '[]')).resolves.toBe('"0x10"')
    await expect(host.localStore.set('k', new Uint8Array([1]))).resolves.toBeUndefined()
    host.logging.log('info', 'still here')
    host.decisions.report({ uid: UID, decision: 'submitted', status: 201 })
    expect(telemetry.events.map((e) => e.type)).toEqual([
      'host-call',
      'host-call',
      'log',
      'decision',
      'log',
      'host-call',
    ])
  })

  it('enforces nothing for a legacy manifest without [capabilities]', async () => {
    const { host } = setup(null)
    expect(host.clock.nowMs()).toBe(42_000)
    expect(host.random.fill(2)).toHaveLength(2)
    await expect(host.cowApi.submitOrder(11155111, '{}')).rejects.toMatchObject({ code: 400 })
  })
})

describe('createModuleHost: revoke', () => {
  const dead = { name: 'HostError', domain: 'engine', kind: 'unavailable', code: 0, message: 'module is dead' }

  it('fails every call afterwards and writes nothing', async () => {
    const { host, revoke, store, rpcCalls, posted, telemetry } = setup()
    revoke()
    await expect(host.localStore.set('k', new Uint8Array([1]))).rejects.toMatchObject(dead)
    await expect(host.localStore.get('k')).rejects.toMatchObject(dead)
    await expect(host.localStore.delete('k')).rejects.toMatchObject(dead)
    await expect(host.localStore.listKeys('')).rejects.toMatchObject(dead)
    await expect(host.chain.request(11155111, 'eth_sendRawTransaction', '["0x02"]')).rejects.toMatchObject(dead)
    await expect(host.chain.requestBatch(11155111, [])).rejects.toMatchObject(dead)
    await expect(host.cowApi.submitOrder(11155111, '{}')).rejects.toMatchObject(dead)
    await expect(host.cowApi.request(11155111, 'GET', '/')).rejects.toMatchObject(dead)
    expect(thrownBy(() => host.logging.log('info', 'zombie'))).toMatchObject(dead)
    expect(thrownBy(() => host.clock.nowMs())).toMatchObject(dead)
    expect(thrownBy(() => host.random.fill(1))).toMatchObject(dead)
    expect(thrownBy(() => host.decisions.report({ uid: UID, decision: 'submitted' }))).toMatchObject(dead)
    expect(store.snapshot('stop-loss')).toEqual([])
    expect(rpcCalls).toEqual([])
    expect(posted).toEqual([])
    expect(telemetry.events.filter((e) => e.type !== 'host-call')).toEqual([]) // no log, no decision
  })

  it('answers a call that was in flight with the dead error once it completes', async () => {
    const answer = deferred<unknown>()
    const { host, revoke, telemetry } = setup(null, () => answer.promise)
    const call = host.chain.request(11155111, 'eth_blockNumber', '[]')
    revoke()
    answer.resolve('0x99')
    await expect(call).rejects.toMatchObject(dead)
    // What the node answered is still traced: the exchange happened.
    expect(hostCalls(telemetry.events)).toEqual([
      expect.objectContaining({ method: 'request', ok: true, result: '"0x99"' }),
    ])
  })

  it('is per module: revoking one host leaves another working', async () => {
    const a = setup()
    const b = setup()
    a.revoke()
    await expect(b.host.chain.request(11155111, 'eth_blockNumber', '[]')).resolves.toBe('"0x10"')
  })
})
