// The files the engine reads at each boot besides its configuration: module manifests, module
// config schemas and the orderbook policy. The live engine boots once per process and reads them
// from disk; a simulation boots many times (every `restart:`, every fuzz case) and may hand the
// engine one `rememberedFiles()` for a run or a campaign, so each file is read and validated once
// (decision 0183). A failed read is not remembered: the next boot reports it again.
import type { ModuleConfigSchema } from '../module-api/config-schema.js'
import type { OrderbookPolicy } from '../module-api/orderbook-policy.js'
import { loadModuleConfigSchema } from '../module-config-schema.js'
import { loadOrderbookPolicyFile } from '../orderbook-policy/load-orderbook-policy.js'
import { loadManifestFile } from './load-manifest.js'
import type { ModuleManifest } from './types.js'

export interface EngineFiles {
  manifest(path: string): Promise<ModuleManifest>
  /** The module folder's `config-schema.ts`, or undefined when it has none. */
  configSchema(modulePath: string): Promise<ModuleConfigSchema | undefined>
  policy(path: string): Promise<OrderbookPolicy>
}

/** Read from disk at every call. */
export const diskFiles: EngineFiles = {
  manifest: loadManifestFile,
  configSchema: loadModuleConfigSchema,
  policy: loadOrderbookPolicyFile,
}

/** Each file read once through `from`, then the same value (frozen by its loader or never mutated). */
export function rememberedFiles(from: EngineFiles = diskFiles): EngineFiles {
  const remember = <T>(read: (path: string) => Promise<T>) => {
    const kept = new Map<string, Promise<T>>()
    return (path: string): Promise<T> => {
      let value = kept.get(path)
      if (!value) {
        value = read(path)
        kept.set(path, value)
        value.catch(() => kept.delete(path))
      }
      return value
    }
  }
  return {
    manifest: remember((p) => from.manifest(p)),
    configSchema: remember((p) => from.configSchema(p)),
    policy: remember((p) => from.policy(p)),
  }
}
