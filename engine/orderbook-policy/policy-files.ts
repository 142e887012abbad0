// Where policy files are: the shipped ones in the package's `policies/` folder (found from the
// package root, so a clone needs nothing beside it), an operator's anywhere. A reference is a shipped
// policy's name (`watch-tower`) or a path to a .toml file, relative to the file that wrote it.
import { existsSync, readdirSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { projectPath } from '../project/package-root.js'

/** The repository's `policies/` folder. */
export const SHIPPED_POLICY_DIR = projectPath('policies')

/** The policy the engine runs unless told otherwise. */
export const DEFAULT_POLICY_FILE = resolve(SHIPPED_POLICY_DIR, 'default.toml')

/** The policy format's JSON Schema (the harness's judge checks every file it reads against it). */
export const POLICY_SCHEMA_FILE = resolve(SHIPPED_POLICY_DIR, 'policy.schema.json')

const SHIPPED_NAME = /^[a-z0-9][a-z0-9-]*$/

/** The names of the shipped policies (`default`, `shepherd`, `watch-tower`), sorted. */
export function shippedPolicyNames(): string[] {
  return readdirSync(SHIPPED_POLICY_DIR)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => f.slice(0, -'.toml'.length))
    .sort()
}

/**
 * The file a reference names: a shipped policy's name when it is a bare name (no `/`, no `.toml`)
 * and that policy exists; otherwise a path resolved against `baseDir`.
 */
export function resolvePolicyReference(reference: string, baseDir: string): string {
  if (SHIPPED_NAME.test(reference)) {
    const shipped = resolve(SHIPPED_POLICY_DIR, `${reference}.toml`)
    if (existsSync(shipped)) return shipped
  }
  return isAbsolute(reference) ? reference : resolve(baseDir, reference)
}

/** How a file is best named in a written scenario: a shipped policy by its name, others as given. */
export function policyReferenceOf(file: string): string {
  const name = shippedPolicyNames().find((n) => resolve(SHIPPED_POLICY_DIR, `${n}.toml`) === resolve(file))
  return name ?? file
}
