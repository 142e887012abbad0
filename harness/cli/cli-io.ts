// Where a command writes. Commands take it as a parameter so tests can capture their output.

export interface CliIo {
  /** Writes one line to stdout. */
  out(line: string): void
  /** Writes one line to stderr. */
  err(line: string): void
}

export const processIo: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
}

/** A command-line mistake: the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const EXIT_USAGE = 2
