import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { describeKeyValueStoreContract } from './key-value-store-contract.js'
import { physicalKey } from './namespaced-key.js'
import { type SqliteStore, loadBetterSqlite3, openSqliteStore } from './sqlite-store.js'
import { StoreLockedError, StoreOpenError } from './store-error.js'

const dirs: string[] = []
const opened: SqliteStore[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'))
  dirs.push(dir)
  return dir
}

function open(dir = tempDir()): SqliteStore {
  const store = openSqliteStore(dir)
  opened.push(store)
  return store
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describeKeyValueStoreContract('SqliteStore', () => open())

describe('openSqliteStore', () => {
  it('creates the directory and <dir>/local-store.sqlite', () => {
    const dir = join(tempDir(), 'nested', 'state')
    const store = open(dir)
    expect(store.path).toBe(join(dir, 'local-store.sqlite'))
    expect(existsSync(store.path)).toBe(true)
  })

  it('keeps every set across close and reopen', () => {
    const dir = tempDir()
    const first = open(dir)
    first.set('m', 'a', new Uint8Array([1]))
    first.set('m', 'b', new Uint8Array([2]))
    first.set('m', 'b', new Uint8Array([3]))
    first.delete('m', 'a')
    first.close()
    first.close() // idempotent

    const second = open(dir)
    expect(second.get('m', 'a')).toBeUndefined()
    expect(second.get('m', 'b')).toEqual(new Uint8Array([3]))
    expect(second.listKeys('m', '')).toEqual(['b'])
  })

  it('writes the Rust engine layout: one blob table keyed by keccak256(namespace) ++ key', () => {
    const dir = tempDir()
    const store = open(dir)
    store.set('price-alert', 'last', new Uint8Array([7]))
    store.close()

    const raw = new Database(join(dir, 'local-store.sqlite'), { readonly: true })
    try {
      const rows = raw.prepare('SELECT key, value FROM local_store').all() as { key: Buffer; value: Buffer }[]
      expect(rows).toHaveLength(1)
      expect(Buffer.compare(rows[0]!.key, physicalKey('price-alert', 'last'))).toBe(0)
      expect([...rows[0]!.value]).toEqual([7])
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    } finally {
      raw.close()
    }
  })

  it('skips keys that are not UTF-8 when listing, as the Rust engine does', () => {
    const dir = tempDir()
    const store = open(dir)
    store.set('m', 'good', new Uint8Array([1]))
    store.close()
    const raw = new Database(join(dir, 'local-store.sqlite'))
    const bad = Buffer.concat([Buffer.from(physicalKey('m', 'x')), Buffer.from([0xff])])
    raw.prepare('INSERT INTO local_store (key, value) VALUES (?, ?)').run(bad, Buffer.from([2]))
    raw.close()
    expect(open(dir).listKeys('m', '')).toEqual(['good'])
  })

  it('refuses a second engine on the same directory, naming the file', () => {
    const dir = tempDir()
    const first = open(dir)
    let error: unknown
    try {
      open(dir)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StoreLockedError)
    expect((error as Error).message).toContain(join(dir, 'local-store.sqlite'))
    // The holder is unaffected, and the lock goes with it.
    first.set('m', 'k', new Uint8Array([1]))
    first.close()
    expect(open(dir).get('m', 'k')).toEqual(new Uint8Array([1]))
  })

  it('refuses a second engine even when the first has only reopened an existing file', () => {
    const dir = tempDir()
    open(dir).close()
    open(dir) // holds the lock without writing anything
    expect(() => open(dir)).toThrow(StoreLockedError)
  })
})

describe('loading better-sqlite3 (on the first store opened, decision 0242)', () => {
  it('is the package itself where it is installed', () => {
    expect(loadBetterSqlite3(createRequire(import.meta.url), 'x')).toBe(Database)
  })

  it('names the missing package, not a require stack, where it is not', () => {
    // A real require() from a folder with no node_modules above it.
    const elsewhere = createRequire(join(tempDir(), 'here.js'))
    const path = join(tempDir(), 'local-store.sqlite')
    let error: unknown
    try {
      loadBetterSqlite3(elsewhere, path)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StoreOpenError)
    expect((error as Error).message).toBe(
      `cannot open local store ${path}: the better-sqlite3 package is not installed (run npm install)`,
    )
  })
})
