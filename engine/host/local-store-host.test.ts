import { describe, expect, it } from 'vitest'
import { HostError } from '../module-api/host-error.js'
import type { KeyValueStore } from '../store/key-value-store.js'
import { MemoryStore } from '../store/memory-store.js'
import { rejectionOf } from './host-test-doubles.js'
import { createLocalStoreHost } from './local-store-host.js'

describe('local-store host', () => {
  it("reads and writes the module's own namespace", async () => {
    const store = new MemoryStore()
    const host = createLocalStoreHost(store, 'stop-loss')
    await host.set('submitted:0x01', new Uint8Array([1]))
    await host.set('backoff:0x02', new Uint8Array([2]))
    expect(await host.get('submitted:0x01')).toEqual(new Uint8Array([1]))
    expect(await host.get('missing')).toBeUndefined()
    expect(await host.listKeys('')).toEqual(['backoff:0x02', 'submitted:0x01'])
    expect(await host.listKeys('sub')).toEqual(['submitted:0x01'])
    await host.delete('submitted:0x01')
    expect(store.snapshot('stop-loss')).toEqual([['backoff:0x02', new Uint8Array([2])]])
  })

  it('cannot see another module', async () => {
    const store = new MemoryStore()
    store.set('twap-monitor', 'k', new Uint8Array([9]))
    const host = createLocalStoreHost(store, 'stop-loss')
    expect(await host.get('k')).toBeUndefined()
    expect(await host.listKeys('')).toEqual([])
  })

  it('turns a store failure into an internal host error', async () => {
    const broken: KeyValueStore = {
      get: () => {
        throw new Error('disk I/O error')
      },
      set: () => {
        throw new Error('database or disk is full')
      },
      delete: () => {},
      listKeys: () => [],
      close: () => {},
    }
    const host = createLocalStoreHost(broken, 'm')
    const read = await rejectionOf(host.get('k'))
    expect(read).toBeInstanceOf(HostError)
    expect((read as HostError).toFields()).toEqual({
      domain: 'local-store',
      kind: 'internal',
      code: 0,
      message: 'disk I/O error',
      data: undefined,
    })
    expect(await rejectionOf(host.set('k', new Uint8Array()))).toMatchObject({
      domain: 'local-store',
      kind: 'internal',
      message: 'database or disk is full',
    })
  })

  it('reports the Rust engine’s message for an empty namespace', async () => {
    const host = createLocalStoreHost(new MemoryStore(), '')
    expect(await rejectionOf(host.listKeys(''))).toMatchObject({
      domain: 'local-store',
      kind: 'internal',
      code: 0,
      message: 'invalid namespace: module namespace must not be empty',
    })
  })
})
