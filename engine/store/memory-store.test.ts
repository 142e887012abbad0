import { describe, expect, it } from 'vitest'
import { describeKeyValueStoreContract } from './key-value-store-contract.js'
import { MemoryStore } from './memory-store.js'

describeKeyValueStoreContract('MemoryStore', () => new MemoryStore())

describe('MemoryStore', () => {
  it('keeps its data across close, so a simulated restart finds it', () => {
    const store = new MemoryStore()
    store.set('m', 'k', new Uint8Array([1]))
    store.close()
    expect(store.get('m', 'k')).toEqual(new Uint8Array([1]))
  })

  it('snapshots one namespace in key byte order', () => {
    const store = new MemoryStore()
    store.set('m', 'b', new Uint8Array([2]))
    store.set('m', 'a', new Uint8Array([1]))
    store.set('other', 'c', new Uint8Array([3]))
    expect(store.snapshot('m')).toEqual([
      ['a', new Uint8Array([1])],
      ['b', new Uint8Array([2])],
    ])
    expect(store.snapshot('none')).toEqual([])
  })

  it('lists a key added after an earlier listing', () => {
    const store = new MemoryStore()
    store.set('m', 'b', new Uint8Array(0))
    expect(store.listKeys('m', '')).toEqual(['b'])
    store.set('m', 'a', new Uint8Array(0))
    store.set('m', 'b', new Uint8Array([1])) // overwrite: no new key
    expect(store.listKeys('m', '')).toEqual(['a', 'b'])
    store.delete('m', 'a')
    expect(store.listKeys('m', '')).toEqual(['b'])
  })
})
