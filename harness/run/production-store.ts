// `store: sqlite`: the run uses the production local store — engine/live's openLocalStore on a
// temporary state_dir — opened at every boot and closed by the engine at its exit, exactly as
// `nexum-sim engine` does, so a restart reads back only what reached the file. Between boots the
// harness reads it by opening it again (the engine holds an exclusive lock while it runs).
// The state_dir is made on a RAM file system when the machine has one (/dev/shm): the store's
// pragmas are the engine's (WAL, synchronous=FULL), but an fsync there costs nothing, and a
// simulation has no power cut to survive; on disk every `set` waited for the disk (decision 0174).
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLocalStore } from '../../engine/live/open-local-store.js'
import type { KeyValueStore } from '../../engine/store/key-value-store.js'

const RAM_DIR = '/dev/shm'

/** Where state dirs are made: a writable RAM file system when there is one, else the temp folder. */
export function stateDirParent(ram = RAM_DIR): string {
  try {
    if (statSync(ram).isDirectory()) {
      accessSync(ram, constants.W_OK)
      return ram
    }
  } catch {
    // none here (not Linux, or a container without it)
  }
  return tmpdir()
}

let parent: string | undefined
const parentDir = (): string => {
  parent ??= stateDirParent()
  return parent
}

export class ProductionStateDir {
  readonly dir = mkdtempSync(join(parentDir(), 'nexum-sim-state-'))
  #current: KeyValueStore | undefined
  #open = false

  /** The store for a new boot; the engine closes it when it exits. */
  openForBoot(): KeyValueStore {
    const store = openLocalStore(this.dir)
    this.#current = store
    this.#open = true
    return {
      get: (n, k) => store.get(n, k),
      set: (n, k, v) => store.set(n, k, v),
      delete: (n, k) => store.delete(n, k),
      listKeys: (n, p) => store.listKeys(n, p),
      close: () => {
        this.#open = false
        store.close()
      },
    }
  }

  /** A stored value, through the running engine's store, or from the file between boots. */
  read(module: string, key: string): Uint8Array | undefined {
    if (this.#open && this.#current) return this.#current.get(module, key)
    const store = openLocalStore(this.dir)
    try {
      return store.get(module, key)
    } finally {
      store.close()
    }
  }

  /** Files the store left in state_dir (the run checks the store used it). */
  files(): string[] {
    return readdirSync(this.dir)
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
