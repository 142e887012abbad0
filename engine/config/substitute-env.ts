// `${VAR}` in configuration string values, filled from an explicit environment (engine/ never
// reads process.env itself). A missing variable is the operator's error, not an empty string.
import { ConfigError } from './config-error.js'
import { describeValue } from './describe-value.js'
import { formatKeyPath, type PathSegment } from './key-path.js'

export type Env = Readonly<Record<string, string | undefined>>

export interface Substituted {
  value: unknown
  /** Key paths (formatted, without prefix) of strings that contained a `${VAR}`. */
  substitutedPaths: Set<string>
  errors: ConfigError[]
}

const REFERENCE = /\$\{([^}]*)\}/g
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Returns a copy of `value` with every `${NAME}` in string values (not keys) replaced. */
export function substituteEnv(
  value: unknown,
  env: Env,
  ctx: { file: string; keyPrefix?: string | undefined; simulated?: boolean | undefined },
): Substituted {
  const substitutedPaths = new Set<string>()
  const errors: ConfigError[] = []

  const visit = (node: unknown, path: PathSegment[]): unknown => {
    if (typeof node === 'string') return node.includes('${') ? substituteString(node, path) : node
    if (Array.isArray(node)) return node.map((item, i) => visit(item, [...path, i]))
    if (isPlainTable(node)) {
      // No prototype, so a key named `__proto__` stays a key.
      const out = Object.create(null) as Record<string, unknown>
      for (const [k, v] of Object.entries(node)) out[k] = visit(v, [...path, k])
      return out
    }
    return node
  }

  const substituteString = (text: string, path: PathSegment[]): string => {
    substitutedPaths.add(formatKeyPath(path))
    const keyPath = formatKeyPath(path, ctx.keyPrefix)
    if (text.replace(REFERENCE, '').includes('${')) {
      errors.push(
        new ConfigError({
          file: ctx.file,
          keyPath,
          expected: 'a closed ${NAME} reference',
          found: describeValue(text),
        }),
      )
      return text
    }
    return text.replace(REFERENCE, (whole, name: string) => {
      if (!VARIABLE_NAME.test(name)) {
        errors.push(
          new ConfigError({
            file: ctx.file,
            keyPath,
            expected: '${NAME} with NAME made of letters, digits and _',
            found: describeValue(whole),
          }),
        )
        return whole
      }
      if (ctx.simulated) {
        errors.push(
          new ConfigError({
            file: ctx.file,
            keyPath,
            expected:
              'no ${NAME} reference outside chains.<id>.rpc_url in a simulation (it reads no environment, so the file and the seed alone replay it)',
            found: describeValue(whole),
          }),
        )
        return whole
      }
      const resolved = env[name]
      if (resolved === undefined) {
        errors.push(
          new ConfigError({
            file: ctx.file,
            keyPath,
            expected: `environment variable ${name} to be set`,
            found: 'nothing',
          }),
        )
        return whole
      }
      return resolved
    })
  }

  return { value: visit(value, []), substitutedPaths, errors }
}

// TOML tables come with a null prototype; YAML maps are plain objects. Dates and the like stay as they are.
function isPlainTable(node: unknown): node is Record<string, unknown> {
  if (node === null || typeof node !== 'object') return false
  const proto: unknown = Object.getPrototypeOf(node)
  return proto === null || proto === Object.prototype
}
