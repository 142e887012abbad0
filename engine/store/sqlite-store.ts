// The live engine's local store: one SQLite file per state_dir, one table of byte keys to byte
// values, keyed as in the Rust engine (namespaced-key.ts). Every set is its own durable transaction
// (WAL + synchronous=FULL), matching the Rust engine's committed-before-returning redb writes.
// The file is held with locking_mode=EXCLUSIVE, so a second engine on the same state_dir fails at
// open instead of interleaving writes (docs/decisions/0021-sqlite-store-exclusive-lock.md).
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import type { KeyValueStore } from './key-value-store.js'
import { NAMESPACE_PREFIX_BYTES, keyRange, physicalKey } from './namespaced-key.js'
import { StoreLockedError, StoreOpenError, assertNamespace } from './store-error.js'

export const SQLITE_STORE_FILE = 'local-store.sqlite'

/** Opens (creating dir and file as needed) `<dir>/local-store.sqlite`. */
export function openSqliteStore(dir: string): SqliteStore {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    throw new StoreOpenError(dir, errorMessage(error))
  }
  return new SqliteStore(join(dir, SQLITE_STORE_FILE))
}

type SqliteConstructor = typeof Database
type Db = InstanceType<SqliteConstructor>
type Statement = Database.Statement<unknown[], unknown>

export class SqliteStore implements KeyValueStore {
  readonly #db: Db
  readonly #getStmt: Statement
  readonly #setStmt: Statement
  readonly #deleteStmt: Statement
  readonly #rangeStmt: Statement
  readonly #openRangeStmt: Statement
  #closed = false

  constructor(readonly path: string) {
    const Sqlite = betterSqlite3(path)
    let db: Db | undefined
    try {
      // timeout 0: a held lock must fail now, not after better-sqlite3's default 5 s busy wait.
      db = new Sqlite(path, { timeout: 0 })
      // Exclusive before WAL: then no shared-memory index is created and the lock is kept.
      db.pragma('locking_mode = EXCLUSIVE')
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      // A write transaction takes the exclusive lock now, even when the table already exists.
      db.exec(
        'BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS local_store (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID; COMMIT',
      )
      this.#getStmt = db.prepare('SELECT value FROM local_store WHERE key = ?').pluck()
      this.#setStmt = db.prepare(
        'INSERT INTO local_store (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      this.#deleteStmt = db.prepare('DELETE FROM local_store WHERE key = ?')
      this.#rangeStmt = db.prepare('SELECT key FROM local_store WHERE key >= ? AND key < ? ORDER BY key').pluck()
      this.#openRangeStmt = db.prepare('SELECT key FROM local_store WHERE key >= ? ORDER BY key').pluck()
      this.#db = db
    } catch (error) {
      db?.close()
      if (isLockedError(error)) throw new StoreLockedError(path)
      throw new StoreOpenError(path, errorMessage(error))
    }
  }

  get(namespace: string, key: string): Uint8Array | undefined {
    assertNamespace(namespace)
    const value = this.#getStmt.get(physicalKey(namespace, key)) as Buffer | undefined
    return value === undefined ? undefined : toUint8Array(value)
  }

  set(namespace: string, key: string, value: Uint8Array): void {
    assertNamespace(namespace)
    this.#setStmt.run(physicalKey(namespace, key), value)
  }

  delete(namespace: string, key: string): void {
    assertNamespace(namespace)
    this.#deleteStmt.run(physicalKey(namespace, key))
  }

  listKeys(namespace: string, prefix: string): string[] {
    assertNamespace(namespace)
    const { start, end } = keyRange(namespace, prefix)
    const rows = (end ? this.#rangeStmt.all(start, end) : this.#openRangeStmt.all(start)) as Buffer[]
    const keys: string[] = []
    for (const row of rows) {
      const key = decodeKey(row)
      if (key !== undefined) keys.push(key) // the Rust engine skips keys that are not UTF-8
    }
    return keys
  }

  /** Idempotent: the engine closes the store once per run, tests sometimes twice. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }
}

/**
 * better-sqlite3 (a native addon and its JavaScript, ~8 ms of a thread's start) is loaded by the
 * first store opened, not at import: a run whose stores are all in memory, a side lane or any
 * command that never opens `state_dir` does not load it (decision 0242). It is CommonJS, so a
 * synchronous require() keeps opening a store synchronous.
 */
let sqlite: SqliteConstructor | undefined
const requireHere = createRequire(import.meta.url)

function betterSqlite3(path: string): SqliteConstructor {
  sqlite ??= loadBetterSqlite3(requireHere, path)
  return sqlite
}

/** The package; when it is missing, a StoreOpenError that says so instead of a require stack. */
export function loadBetterSqlite3(require: (id: string) => unknown, path: string): SqliteConstructor {
  try {
    return require('better-sqlite3') as SqliteConstructor
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'MODULE_NOT_FOUND') throw error
    throw new StoreOpenError(path, 'the better-sqlite3 package is not installed (run npm install)')
  }
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true })

function decodeKey(physical: Buffer): string | undefined {
  try {
    return strictDecoder.decode(physical.subarray(NAMESPACE_PREFIX_BYTES))
  } catch {
    return undefined
  }
}

/** A plain Uint8Array copy of what better-sqlite3 returns as a Buffer (whose memory it may share). */
function toUint8Array(value: Buffer): Uint8Array {
  return new Uint8Array(value)
}

function isLockedError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'))
  )
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
