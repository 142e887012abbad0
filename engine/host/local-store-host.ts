// `local-store`: the module's own namespace of the engine's KeyValueStore. Whatever the store
// throws (a locked or broken file, an empty namespace) reaches the module as an internal host error.
import type { LocalStoreHost } from '../module-api/host.js'
import { HostError } from '../module-api/host-error.js'
import type { KeyValueStore } from '../store/key-value-store.js'
import { errorMessage } from './host-call-errors.js'

const DOMAIN = 'local-store'

export function createLocalStoreHost(store: KeyValueStore, namespace: string): LocalStoreHost {
  return {
    get: async (key) => guard(() => store.get(namespace, key)),
    set: async (key, value) => guard(() => store.set(namespace, key, value)),
    delete: async (key) => guard(() => store.delete(namespace, key)),
    listKeys: async (prefix) => guard(() => store.listKeys(namespace, prefix)),
  }
}

function guard<T>(op: () => T): T {
  try {
    return op()
  } catch (error) {
    throw new HostError({ domain: DOMAIN, kind: 'internal', code: 0, message: errorMessage(error) })
  }
}
