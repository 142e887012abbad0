// module.toml: the Rust engine's manifest schema (docs/design.md §2.3), made strict. Unknown keys and
// unknown subscription kinds are errors (the Rust engine ignored or mis-reported them), bad hex in a
// log subscription is refused here instead of being skipped at boot with a warning.
import * as z from 'zod'
import { combineConfigErrors } from './config-error.js'
import { flattenConfigTable } from './flatten-config.js'
import { ParseCache } from './parse-cache.js'
import { parseTomlDocument } from './parse-toml.js'
import { readConfigFile } from './read-config-file.js'
import { subscriptionSchema, toSubscription } from './subscription-schema.js'
import { KNOWN_CAPABILITIES, type ModuleManifest } from './types.js'
import { configErrorsFromIssues, expectedPhrase } from './zod-issues.js'

/** The namespace of a module whose manifest leaves `[module].name` empty (the Rust engine's rule). */
export const ANONYMOUS_MODULE_NAME = 'module'

const capabilitySchema = z.enum(KNOWN_CAPABILITIES, {
  error: `a known capability (one of ${KNOWN_CAPABILITIES.join(', ')})`,
})

const manifestSchema = z.strictObject({
  module: z
    .strictObject({
      name: z.string().optional(),
      version: z.string().optional(),
      component: z.string().optional(),
    })
    .optional(),
  capabilities: z
    .strictObject({
      required: z.array(capabilitySchema).optional(),
      optional: z.array(capabilitySchema).optional(),
      http: z.strictObject({ allow: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
  // Any TOML value; flattened to text for `init`.
  config: z.record(z.string(), z.unknown()).optional(),
  subscription: z.array(subscriptionSchema).optional(),
})

export function parseManifestToml(text: string, file: string): ModuleManifest {
  return manifestFromObject(parseTomlDocument(text, file), file)
}

const parsed = new ParseCache<ModuleManifest>()

export async function loadManifestFile(path: string): Promise<ModuleManifest> {
  const text = await readConfigFile(path, 'a module.toml manifest')
  // A copy: the caller owns what it gets, the cache keeps its own.
  return structuredClone(parsed.get(path, text, () => parseManifestToml(text, path)))
}

/** Validates an already-parsed manifest table (TOML, or a test's inline object). */
export function manifestFromObject(obj: unknown, file: string): ModuleManifest {
  const result = manifestSchema.safeParse(obj, { error: expectedPhrase })
  if (!result.success) {
    throw combineConfigErrors(configErrorsFromIssues(result.error.issues, { file, written: obj, parsed: obj }))
  }
  const raw = result.data
  const caps = raw.capabilities
  return {
    file,
    name: raw.module?.name || ANONYMOUS_MODULE_NAME,
    version: raw.module?.version,
    component: raw.module?.component,
    capabilities:
      caps === undefined
        ? null
        : { required: caps.required ?? [], optional: caps.optional ?? [], httpAllow: caps.http?.allow ?? [] },
    config: flattenConfigTable(raw.config ?? {}),
    subscriptions: (raw.subscription ?? []).map(toSubscription),
  }
}
