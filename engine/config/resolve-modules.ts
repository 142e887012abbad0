// Joins every `[[modules]]` entry with its manifest. All problems are reported at once:
// unreadable or invalid manifests, names containing `/`, and duplicate names (the Rust engine let two
// modules share a name, and with it a store namespace and a dispatch key).
import { ConfigError, MissingConfigFileError, combineConfigErrors } from './config-error.js'
import { describeValue } from './describe-value.js'
import { loadManifestFile } from './load-manifest.js'
import { mergeModuleConfig } from './merge-module-config.js'
import type { EngineConfig, ModuleEntry, ModuleManifest, ResolvedModule } from './types.js'

export type ReadManifest = (path: string) => Promise<ModuleManifest>

export async function resolveModules(
  config: EngineConfig,
  readManifest: ReadManifest = loadManifestFile,
): Promise<ResolvedModule[]> {
  // Read in parallel, report in entry order.
  const manifests = await Promise.allSettled(config.modules.map((entry) => readManifest(entry.manifestPath)))
  const errors: ConfigError[] = []
  const resolved: ResolvedModule[] = []
  const firstByName = new Map<string, ModuleEntry>()

  config.modules.forEach((entry, i) => {
    const outcome = manifests[i]
    if (outcome === undefined) return
    if (outcome.status === 'rejected') {
      errors.push(manifestFailure(outcome.reason, entry, config))
      return
    }
    const manifest = outcome.value
    const name = entry.name ?? manifest.name
    if (name.includes('/')) {
      errors.push(
        entry.name === undefined
          ? new ConfigError({
              file: manifest.file,
              keyPath: 'module.name',
              expected: 'a module name without "/"',
              found: describeValue(name),
            })
          : new ConfigError({
              file: config.file,
              keyPath: `${entry.keyPath}.name`,
              expected: 'a module name without "/"',
              found: describeValue(name),
            }),
      )
      return
    }
    const first = firstByName.get(name)
    if (first !== undefined) {
      errors.push(
        new ConfigError({
          file: config.file,
          keyPath: entry.keyPath,
          expected: `a module name not already used by ${first.keyPath}`,
          found: describeValue(name),
        }),
      )
      return
    }
    firstByName.set(name, entry)
    resolved.push({
      entry,
      manifest,
      name,
      config: mergeModuleConfig(manifest.config, entry.config, name),
      subscriptions: entry.subscriptions ?? manifest.subscriptions,
    })
  })

  if (errors.length > 0) throw combineConfigErrors(errors)
  return resolved
}

// A missing manifest is reported against the entry that points at it (the Rust engine silently booted
// an anonymous module instead); other manifest errors already name the manifest file.
function manifestFailure(reason: unknown, entry: ModuleEntry, config: EngineConfig): ConfigError {
  if (reason instanceof MissingConfigFileError) {
    return new ConfigError({
      file: config.file,
      keyPath: entry.keyPath,
      expected: `a module manifest at ${entry.manifestPath}`,
      found: 'nothing',
      cause: reason,
    })
  }
  if (reason instanceof ConfigError) return reason
  throw reason
}
