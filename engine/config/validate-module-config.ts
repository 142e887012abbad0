// A module's `[config]` against the keys its code declares (module-api ModuleConfigSchema): every
// problem, each named where the operator wrote it — the engine entry's `config` when the entry
// sets the key, the manifest's `[config]` otherwise.
import type { ModuleConfigSchema } from '../module-api/config-schema.js'
import { ConfigError } from './config-error.js'
import { describeValue } from './describe-value.js'
import { formatKeyPath } from './key-path.js'
import type { EngineConfig, ResolvedModule } from './types.js'

export function validateModuleConfig(
  config: Pick<EngineConfig, 'file'>,
  module: ResolvedModule,
  schema: ModuleConfigSchema,
): ConfigError[] {
  const errors: ConfigError[] = []
  const overrides = module.entry.config ?? {}
  const values = new Map<string, string>(module.manifest.config)
  for (const [key, value] of Object.entries(overrides)) values.set(key, value)
  const where = (key: string) =>
    Object.hasOwn(overrides, key)
      ? { file: config.file, keyPath: formatKeyPath(['config', key], module.entry.keyPath) }
      : { file: module.manifest.file, keyPath: formatKeyPath(['config', key]) }
  const known = Object.keys(schema)
  for (const [key, value] of values) {
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined
    if (spec === undefined) {
      errors.push(
        new ConfigError({
          ...where(key),
          expected: `a config key of module ${module.name} (${known.length ? known.join(', ') : 'it takes none'})`,
          found: `unknown key ${JSON.stringify(key)}`,
        }),
      )
      continue
    }
    const problem = spec.check(value)
    if (problem !== undefined)
      errors.push(
        new ConfigError({
          ...where(key),
          expected: `${spec.expected} (module ${module.name})`,
          found: `${describeValue(value)}: ${problem}`,
        }),
      )
  }
  for (const key of known) {
    if (values.has(key) || !schema[key]?.required) continue
    errors.push(
      new ConfigError({
        file: config.file,
        keyPath: formatKeyPath(['config', key], module.entry.keyPath),
        expected: `${schema[key]?.expected} (required by module ${module.name})`,
        found: 'nothing',
      }),
    )
  }
  return errors
}
