// zod issues → ScenarioErrors. Schemas in this folder put the "expected …" phrase in each issue's
// message (schema-primitives.ts); this file fills the phrase for zod's built-in checks and
// renders what was found.
import type * as z from 'zod'
import { formatKeyPath, renderFound, ScenarioError } from './scenario-error.js'

type Issue = z.core.$ZodIssue
type RawIssue = z.core.$ZodRawIssue

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
  null: 'null',
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`
}

/** The "expected …" phrase for issues whose schema did not give one. */
export function expectedPhrase(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? issue.expected
    case 'invalid_value':
      return issue.values.length === 1
        ? renderFound(issue.values[0])
        : `one of ${issue.values.map((v) => String(v)).join(', ')}`
    case 'too_small':
      if (issue.origin === 'array') return `at least ${plural(issue.minimum, 'item')}`
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'a non-empty string' : `at least ${plural(issue.minimum, 'character')}`
      return `a value >= ${issue.minimum}`
    case 'too_big':
      if (issue.origin === 'array') return `at most ${plural(issue.maximum, 'item')}`
      if (issue.origin === 'string') return `at most ${plural(issue.maximum, 'character')}`
      return `a value <= ${issue.maximum}`
    case 'invalid_format':
      return `a string in ${issue.format} format`
    case 'unrecognized_keys':
      return 'no other keys'
    case 'invalid_union':
      return 'one of the allowed forms'
    default:
      return issue.message ?? 'a valid value'
  }
}

/** Every parse in this folder: keep the input in issues (for `found`), phrase the expectations. */
export const PARSE_PARAMS = { reportInput: true, error: (issue: RawIssue) => expectedPhrase(issue) } as const

function foundOf(issue: Issue): string {
  if (issue.code === 'custom') {
    const found = (issue.params as { found?: unknown } | undefined)?.found
    if (typeof found === 'string') return found
  }
  return renderFound(issue.input)
}

/** One ScenarioError per problem; `prefix` is prepended to every key path. */
export function issuesToErrors(
  issues: readonly Issue[],
  file: string,
  prefix: readonly PropertyKey[] = [],
): ScenarioError[] {
  const out: ScenarioError[] = []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push(
            new ScenarioError(file, formatKeyPath([...path, key]), issue.message, `unknown key ${JSON.stringify(key)}`),
          )
        break
      case 'invalid_union': {
        if (issue.discriminator !== undefined) {
          // The path already ends at the discriminator; the input is the whole map.
          const input = issue.input as Record<string, unknown> | null | undefined
          const found = input !== null && typeof input === 'object' ? input[issue.discriminator] : undefined
          out.push(new ScenarioError(file, formatKeyPath(path), issue.message, renderFound(found)))
          break
        }
        out.push(...issuesToErrors(closestBranch(issue.errors) ?? [], file, path))
        if (issue.errors.length === 0)
          out.push(new ScenarioError(file, formatKeyPath(path), issue.message, foundOf(issue)))
        break
      }
      case 'invalid_key':
      case 'invalid_element':
        out.push(...issuesToErrors(issue.issues, file, path))
        break
      default:
        out.push(new ScenarioError(file, formatKeyPath(path), issue.message, foundOf(issue)))
    }
  }
  return out
}

/** Of a plain union's branches, the one that got furthest into the value (the likeliest intent). */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined
  let bestDepth = -1
  for (const branch of branches) {
    const depth = Math.max(...branch.map((i) => i.path.length))
    if (depth > bestDepth) {
      best = branch
      bestDepth = depth
    }
  }
  return best
}
