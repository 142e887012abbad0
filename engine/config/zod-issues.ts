// Zod's issues, re-told as ConfigErrors: a key path, what was expected, what was found.
// Every schema message in engine/config is written as the `expected` half ("a string",
// "a chain id ..."), and the error map below phrases zod's built-in issues the same way.
import { redactUrl, redactUrls } from '../host/redact-url.js'
import type * as z from 'zod'
import { ConfigError } from './config-error.js'
import { describeValue } from './describe-value.js'
import { formatKeyPath, valueAtPath } from './key-path.js'

type RawIssue = z.core.$ZodRawIssue
type Issue = z.core.$ZodIssue

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  bigint: 'an integer',
  object: 'a table',
  record: 'a table',
  array: 'an array',
  null: 'null',
}

/** Pass as `safeParse(x, { error: expectedPhrase })`; schema-level messages still win. */
export const expectedPhrase: z.core.$ZodErrorMap = (issue: RawIssue) => {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`
    case 'unrecognized_keys':
      return `a known key (${knownKeys(issue).join(', ')})`
    case 'invalid_value':
      return oneOf(issue.values)
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options) ? oneOf(issue.options) : 'one of the allowed shapes'
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'a valid key'
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? 'a non-empty string'
        : `a ${issue.origin} ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`
    case 'too_big':
      return `a ${issue.origin} ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`
    case 'invalid_format':
      return issue.pattern ? `a string matching ${issue.pattern}` : `a ${issue.format}`
    default:
      return 'a valid value'
  }
}

export interface IssueContext {
  file: string
  keyPrefix?: string | undefined
  /** The object as the operator wrote it (before `${VAR}` substitution). */
  written: unknown
  /** The object zod saw. */
  parsed: unknown
  /** Paths (formatted, without prefix) whose strings had a `${VAR}`: show the template, not the secret. */
  substitutedPaths?: ReadonlySet<string> | undefined
}

export function configErrorsFromIssues(issues: readonly Issue[], ctx: IssueContext): ConfigError[] {
  return issues.flatMap((issue): ConfigError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(
        (key) =>
          new ConfigError({
            file: ctx.file,
            keyPath: formatKeyPath([...issue.path, key], ctx.keyPrefix),
            expected: issue.message,
            found: 'an unknown key',
          }),
      )
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path[issue.path.length - 1]
      return [
        new ConfigError({
          file: ctx.file,
          keyPath: formatKeyPath(issue.path, ctx.keyPrefix),
          expected: issue.message,
          found: `the key ${describeValue(String(key))}`,
        }),
      ]
    }
    return [
      new ConfigError({
        file: ctx.file,
        keyPath: formatKeyPath(issue.path, ctx.keyPrefix),
        expected: issue.message,
        found: foundAt(issue.path, ctx),
      }),
    ]
  })
}

function foundAt(path: readonly PropertyKey[], ctx: IssueContext): string {
  if (ctx.substitutedPaths?.has(formatKeyPath(path))) {
    // The value as written is the `${VAR}` template, never the secret it stands for.
    return `the substituted value of ${describeValue(valueAtPath(ctx.written, path))}`
  }
  return describeValue(withoutSecrets(path, valueAtPath(ctx.parsed, path)))
}

const URL_KEYS = new Set<PropertyKey>(['rpc_url', 'orderbook_url'])

/**
 * An endpoint URL carries keys: a bad one is echoed as scheme, host and port (or not at all when
 * it does not parse), and a URL in any other value is cut the same way.
 */
function withoutSecrets(path: readonly PropertyKey[], value: unknown): unknown {
  if (typeof value !== 'string') return value
  return URL_KEYS.has(path.at(-1) ?? '') ? redactUrl(value) : redactUrls(value)
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : describeValue(v)))
  return shown.length === 1 ? `${shown[0]}` : `one of ${shown.join(', ')}`
}

// The strict object that refused the keys knows its own.
function knownKeys(issue: RawIssue): string[] {
  const inst = issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined
  return Object.keys(inst?._zod?.def?.shape ?? {})
}
