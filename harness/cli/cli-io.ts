// Where a command writes. Commands take it as a parameter so tests can capture their output.
import { BaseError } from '../../engine/errors/base-error.js'

export interface CliIo {
  /** Writes one line to stdout. */
  out(line: string): void
  /** Writes one line to stderr. */
  err(line: string): void
}

/**
 * A stream whose reader went away (`nexum-sim run --help | head`) raises EPIPE. Output to it is
 * then dropped, silently, and the command carries on to its end, so files it writes (`--out`)
 * are still whole and its exit status still says how the run went (decision 0033).
 */
export function pipeSafeWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true
    else throw error
  })
  return (text) => {
    if (!closed) stream.write(text)
  }
}

let writers: { out: (text: string) => void; err: (text: string) => void } | undefined
const processWriters = () => (writers ??= { out: pipeSafeWriter(process.stdout), err: pipeSafeWriter(process.stderr) })

export const processIo: CliIo = {
  out: (line) => processWriters().out(`${line}\n`),
  err: (line) => processWriters().err(`${line}\n`),
}

/** A command-line mistake: the command prints it with its usage and exits 2. */
export class UsageError extends BaseError {
  override readonly name = 'UsageError'
}

export const EXIT_USAGE = 2
