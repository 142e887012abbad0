// The local store an engine configuration asks for: SQLite in `state_dir`, or in memory when
// there is none. One function, used by the live world and by scenarios that run with the
// production store (`store: sqlite`), so both open it the same way.
import type { KeyValueStore } from '../store/key-value-store.js'
import { MemoryStore } from '../store/memory-store.js'
import { openSqliteStore } from '../store/sqlite-store.js'

export function openLocalStore(stateDir: string | null): KeyValueStore {
  return stateDir === null ? new MemoryStore() : openSqliteStore(stateDir)
}
