// The one error base of the project, in the style of viem's BaseError: a short message (one line,
// what went wrong), optional details, a path into this repository's docs, extra lines, and a
// cause chain. `message` stays the short message (plus its extra lines) so logs and tests read one
// line; `formatError` gives the long form a terminal shows. Whose fault an error is follows from
// its class, not from a field (decision 0110).

export interface BaseErrorParameters {
  /** More about what happened, for the long form; default: the cause's details or message. */
  details?: string | undefined
  /** Where the docs explain it, relative to the repository root, e.g. `docs/scenarios.md#steps`. */
  docsPath?: string | undefined
  /** Lines printed under the short message (e.g. one per problem). */
  metaMessages?: readonly string[] | undefined
  cause?: unknown
}

export class BaseError extends Error {
  override name = 'NexumError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly docsPath: string | undefined
  readonly metaMessages: readonly string[]

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    const meta = args.metaMessages ?? []
    super([shortMessage, ...meta].join('\n'), args.cause === undefined ? undefined : { cause: args.cause })
    const cause = args.cause
    this.shortMessage = shortMessage
    this.metaMessages = meta
    this.details =
      args.details ?? (cause instanceof BaseError ? cause.details : cause instanceof Error ? cause.message : undefined)
    this.docsPath = args.docsPath ?? (cause instanceof BaseError ? cause.docsPath : undefined)
  }

  /** The deepest cause, or the first error in the chain (this one included) for which `fn` holds. */
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn)
  }
}

function walk(error: unknown, fn: ((error: unknown) => boolean) | undefined): unknown {
  if (fn?.(error)) return error
  const cause = error instanceof Error ? error.cause : undefined
  if (cause !== undefined) return walk(cause, fn)
  return fn ? null : error
}

/**
 * The long form: the message, then `Details:`, `Docs:` and one `Caused by:` line per cause
 * (its message, or its stack with `withStacks`, for internal errors).
 */
export function formatError(error: unknown, options: { withStacks?: boolean } = {}): string {
  const lines = [messageOf(error, options.withStacks)]
  if (error instanceof BaseError) {
    if (error.details !== undefined && !(error.cause instanceof Error && error.cause.message === error.details))
      lines.push(`Details: ${error.details}`)
    if (error.docsPath !== undefined) lines.push(`Docs: ${error.docsPath}`)
  }
  const seen = new Set<unknown>([error])
  for (let cause = causeOf(error); cause !== undefined && !seen.has(cause); cause = causeOf(cause)) {
    seen.add(cause)
    lines.push(`Caused by: ${messageOf(cause, options.withStacks)}`)
  }
  return lines.join('\n')
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined
}

function messageOf(error: unknown, withStack: boolean | undefined): string {
  if (!(error instanceof Error)) return String(error)
  return withStack && error.stack ? error.stack : error.message
}
