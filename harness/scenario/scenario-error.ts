// Errors for scenario files that cannot be loaded. Every message names the file, the key path
// inside it, what was expected and what was found, so a user can fix the file without a debugger
// (the one problem format: engine/errors/problem.ts).
import { BaseError } from '../../engine/errors/base-error.js'
import { formatProblemList, ProblemError } from '../../engine/errors/problem.js'

/** One problem in one scenario file: `<file>: <keyPath>: expected <expected>, found <found>`. */
export class ScenarioError extends ProblemError {
  override name = 'ScenarioError'

  constructor(
    file: string,
    /** e.g. `steps[3].block.number`; `line 4, column 2` for YAML syntax errors; `` for the file itself. */
    keyPath: string,
    expected: string,
    /** Already rendered for humans (see renderFound). */
    found: string,
  ) {
    super({ file, keyPath, expected, found }, { docsPath: 'docs/scenarios.md' })
  }
}

/** Several problems in one file, reported together: one line each. */
export class ScenarioErrors extends BaseError {
  override name = 'ScenarioErrors'

  constructor(readonly errors: readonly ScenarioError[]) {
    super(formatProblemList(errors), { docsPath: 'docs/scenarios.md' })
  }
}

/** Throws nothing for no errors, the single error for one, the aggregate for several. */
export function throwIfAny(errors: readonly ScenarioError[]): void {
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new ScenarioErrors(errors)
}

/** The individual errors behind a load failure, or [] when `e` is something else. */
export function scenarioErrorsOf(e: unknown): ScenarioError[] {
  if (e instanceof ScenarioError) return [e]
  if (e instanceof ScenarioErrors) return [...e.errors]
  return []
}

const MAX_FOUND = 60

/** A short, JSON-ish rendering of a value for `found ...`; `nothing` when it is missing. */
export function renderFound(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  if (json === undefined) return typeof value
  if (json.length <= MAX_FOUND) return json
  if (Array.isArray(value)) return `a list of ${value.length} items`
  if (typeof value === 'object') return `a map with keys ${Object.keys(value).join(', ')}`
  return `${json.slice(0, MAX_FOUND - 2)}…"`
}

/** `["steps", 3, "block", "number"]` → `steps[3].block.number`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? String(segment) : `.${String(segment)}`
  }
  return out
}
