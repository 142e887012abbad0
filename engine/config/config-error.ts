// Configuration errors: always the operator's to fix, never worth a retry. Each names the file,
// the key path inside it, what was expected there and what was found (engine/errors/problem.ts).
import { formatProblem, formatProblemList, ProblemError } from '../errors/problem.js'

export interface ConfigErrorInit {
  file: string
  /** e.g. `chains.11155111.rpc_url`, `modules[1].subscriptions[0].kind`; '' for the whole file. */
  keyPath: string
  expected: string
  /** Already rendered (see describeValue): `"abc"`, `42`, `nothing`. */
  found: string
  cause?: unknown
}

export class ConfigError extends ProblemError {
  override name = 'ConfigError'

  constructor(init: ConfigErrorInit) {
    super(init, { cause: init.cause, docsPath: 'docs/design.md#2-configuration' })
  }
}

/** The file does not exist (a missing engine.toml or module.toml). */
export class MissingConfigFileError extends ConfigError {
  override name = 'MissingConfigFileError'
}

/**
 * The file is not valid TOML. `keyPath` is empty; the position is in `line` and `column`, and the
 * message starts `<file>:<line>:<column>:` so editors and terminals can jump to it.
 */
export class ConfigSyntaxError extends ConfigError {
  override name = 'ConfigSyntaxError'
  readonly line: number
  readonly column: number

  constructor(init: Omit<ConfigErrorInit, 'keyPath'> & { line: number; column: number }) {
    super({ ...init, keyPath: '' })
    this.line = init.line
    this.column = init.column
    this.message = formatProblem({ ...init, file: `${init.file}:${init.line}:${init.column}`, keyPath: '' })
  }
}

/**
 * Several problems found at once, all reported. It is itself a ConfigError (carrying the first
 * problem's fields) so a single `instanceof ConfigError` check catches both.
 */
export class ConfigErrors extends ConfigError {
  override name = 'ConfigErrors'
  readonly errors: readonly ConfigError[]

  constructor(errors: readonly ConfigError[]) {
    const first = errors[0]
    if (first === undefined) throw new RangeError('ConfigErrors needs at least one error')
    super({ file: first.file, keyPath: first.keyPath, expected: first.expected, found: first.found })
    this.errors = errors.flatMap((e) => (e instanceof ConfigErrors ? e.errors : [e]))
    this.message = formatProblemList(this.errors)
  }
}

/** One problem as itself, several as a ConfigErrors (none is a programming error). */
export function combineConfigErrors(errors: readonly ConfigError[]): ConfigError {
  return errors.length === 1 && errors[0] !== undefined ? errors[0] : new ConfigErrors(errors)
}

/** Throws when there is anything to report: the error itself for one, a ConfigErrors for several. */
export function throwConfigErrors(errors: readonly ConfigError[]): void {
  if (errors.length > 0) throw combineConfigErrors(errors)
}
