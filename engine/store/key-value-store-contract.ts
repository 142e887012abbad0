// The behaviour every KeyValueStore shares, as a test suite each implementation runs.
import { describe, expect, it } from 'vitest'
import type { KeyValueStore } from './key-value-store.js'
import { InvalidNamespaceError } from './store-error.js'

const bytes = (...b: number[]) => new Uint8Array(b)

export function describeKeyValueStoreContract(name: string, open: () => KeyValueStore): void {
  describe(`${name}: KeyValueStore contract`, () => {
    it('round-trips a value and overwrites it', () => {
      const store = open()
      expect(store.get('m', 'k')).toBeUndefined()
      store.set('m', 'k', bytes(1, 2, 3))
      expect(store.get('m', 'k')).toEqual(bytes(1, 2, 3))
      store.set('m', 'k', bytes(9))
      expect(store.get('m', 'k')).toEqual(bytes(9))
    })

    it('stores an empty value as present', () => {
      const store = open()
      store.set('m', 'empty', new Uint8Array(0))
      expect(store.get('m', 'empty')).toEqual(new Uint8Array(0))
      expect(store.listKeys('m', '')).toEqual(['empty'])
    })

    it('returns plain Uint8Arrays and keeps its own copy of what it was given', () => {
      const store = open()
      const value = bytes(1, 2)
      store.set('m', 'k', value)
      value[0] = 7
      const read = store.get('m', 'k')!
      expect(read.constructor).toBe(Uint8Array)
      expect(read).toEqual(bytes(1, 2))
      read[1] = 7
      expect(store.get('m', 'k')).toEqual(bytes(1, 2))
    })

    it('deletes, and deleting a missing key is fine', () => {
      const store = open()
      store.set('m', 'k', bytes(1))
      store.delete('m', 'k')
      store.delete('m', 'k')
      store.delete('other', 'never')
      expect(store.get('m', 'k')).toBeUndefined()
      expect(store.listKeys('m', '')).toEqual([])
    })

    it('isolates namespaces', () => {
      const store = open()
      store.set('a', 'k', bytes(1))
      store.set('b', 'k', bytes(2))
      expect(store.get('a', 'k')).toEqual(bytes(1))
      expect(store.get('b', 'k')).toEqual(bytes(2))
      store.delete('a', 'k')
      expect(store.get('b', 'k')).toEqual(bytes(2))
      expect(store.listKeys('a', '')).toEqual([])
      expect(store.listKeys('b', '')).toEqual(['k'])
    })

    it('keeps namespaces apart whose names run into their keys', () => {
      const store = open()
      store.set('price', 'alert:x', bytes(1))
      store.set('price-alert', ':x', bytes(2))
      store.set('price-alert', 'x', bytes(3))
      expect(store.get('price', '-alert:x')).toBeUndefined()
      expect(store.listKeys('price', '')).toEqual(['alert:x'])
      expect(store.listKeys('price-alert', '')).toEqual([':x', 'x'])
      expect(store.get('price-alert', ':x')).toEqual(bytes(2))
    })

    it('lists keys by prefix in UTF-8 byte order, namespace stripped', () => {
      const store = open()
      const keys = ['b', 'a:2', 'a:10', 'a:1', 'A', 'a', 'a:\u{1F600}', 'a:\uFFFD', 'a:é', 'ab']
      for (const k of keys) store.set('m', k, bytes(0))
      store.set('n', 'a:0', bytes(0))
      expect(store.listKeys('m', '')).toEqual([
        'A',
        'a',
        'a:1',
        'a:10',
        'a:2',
        'a:é',
        'a:\uFFFD',
        'a:\u{1F600}',
        'ab',
        'b',
      ])
      expect(store.listKeys('m', 'a:')).toEqual(['a:1', 'a:10', 'a:2', 'a:é', 'a:\uFFFD', 'a:\u{1F600}'])
      expect(store.listKeys('m', 'a:1')).toEqual(['a:1', 'a:10'])
      expect(store.listKeys('m', 'zz')).toEqual([])
      expect(store.listKeys('unknown', '')).toEqual([])
    })

    it('refuses an empty namespace with the Rust engine’s message', () => {
      const store = open()
      expect(() => store.set('', 'k', bytes(1))).toThrow(InvalidNamespaceError)
      expect(() => store.get('', 'k')).toThrow('invalid namespace: module namespace must not be empty')
      expect(() => store.listKeys('', '')).toThrow(InvalidNamespaceError)
      expect(() => store.delete('', 'k')).toThrow(InvalidNamespaceError)
    })
  })
}
