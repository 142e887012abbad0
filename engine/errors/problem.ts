// The one shape of a bad-input message, for every file the project reads (engine.toml,
// module.toml, scenario files, cassettes): `<file>: <key path>: expected <X>, found <Y>`, and a
// list of them reported together, one line each.
import { BaseError, type BaseErrorParameters } from './base-error.js'

export interface Problem {
  file: string
  /** e.g. `chains.11155111.rpc_url`, `steps[3].block.number`; '' for the file as a whole. */
  keyPath: string
  expected: string
  /** Already rendered for a human: `"abc"`, `42`, `nothing`. */
  found: string
}

/** `<file>: <keyPath>: expected <expected>, found <found>` (no key path segment when it is empty). */
export function formatProblem(p: Problem): string {
  const where = p.keyPath === '' ? p.file : `${p.file}: ${p.keyPath}`
  return `${where}: expected ${p.expected}, found ${p.found}`
}

/** One problem in one input file. */
export class ProblemError extends BaseError implements Problem {
  override name = 'ProblemError'
  readonly file: string
  readonly keyPath: string
  readonly expected: string
  readonly found: string

  constructor(problem: Problem, args: BaseErrorParameters = {}) {
    super(formatProblem(problem), args)
    this.file = problem.file
    this.keyPath = problem.keyPath
    this.expected = problem.expected
    this.found = problem.found
  }
}

/** The message of several problems: one line each, in order. */
export function formatProblemList(problems: readonly Pick<Error, 'message'>[]): string {
  return problems.map((p) => p.message).join('\n')
}
